# Syniad in one image: `docker build -t syniad .`, then `docker run syniad` (see docker-compose.yml).

# 1. Front-end assets: GOV.UK Frontend compiled with our styles into public/dist.
FROM node:20-bookworm-slim AS assets
WORKDIR /src/public
COPY public/package.json public/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY public/src ./src
RUN mkdir -p dist && npm run build

# 2. A static binary, with the built assets in place before `go build` embeds them.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=assets /src/public/dist/ ./public/dist/
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/syniad ./cmd/syniad

# 3. The runtime: Debian slim (so HEALTHCHECK has curl), CA certificates for sign-in
#    providers, Chromium and fonts with Welsh letters (ŵ, ŷ) to print the tagged PDF meeting
#    pack, and an unprivileged user. Chromium writes its profile under a temporary directory.
FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl chromium fonts-liberation fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 syniad \
 && useradd --system --uid 10001 --gid syniad --no-create-home --shell /usr/sbin/nologin syniad
COPY --from=build /out/syniad /usr/local/bin/syniad
USER 10001:10001
ENV LISTEN_ADDR=:3000 CHROMIUM_PATH=/usr/bin/chromium HOME=/tmp XDG_CONFIG_HOME=/tmp/.config XDG_CACHE_HOME=/tmp/.cache
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS -o /dev/null http://127.0.0.1:3000/healthz || exit 1
CMD ["syniad", "serve"]
