// Package public holds Syniad's static assets, embedded in the binary: our JavaScript in js/,
// the icon in img/, and the files the npm build writes to dist/ (GOV.UK Frontend compiled with our styles).
// Each file is served under a URL carrying a hash of its content, so it can be cached for a
// year and a new release is fetched at once.
package public

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"path"
	"strings"
)

//go:embed js img all:dist
var files embed.FS

// Asset is one static file ready to serve.
type Asset struct {
	URL         string // /assets/name.hash.ext
	ContentType string
	Body        []byte
}

// Assets maps a logical name ("app.css", "app.js") to its file, and its hashed URL back to it.
type Assets struct {
	byName map[string]*Asset
	byURL  map[string]*Asset
}

// Load reads and hashes every embedded asset.
func Load() (*Assets, error) {
	a := &Assets{byName: map[string]*Asset{}, byURL: map[string]*Asset{}}
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return err
		}
		body, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(body)
		name := d.Name()
		ext := path.Ext(name)
		asset := &Asset{
			URL:         "/assets/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:])[:12] + ext,
			ContentType: mime.TypeByExtension(ext),
			Body:        body,
		}
		a.byName[name] = asset
		a.byURL[asset.URL] = asset
		return nil
	})
	return a, err
}

// URL is the hashed URL of a named asset, or "" when the asset was not built.
func (a *Assets) URL(name string) string {
	if asset := a.byName[name]; asset != nil {
		return asset.URL
	}
	return ""
}

// ByURL finds the asset served at a hashed URL.
func (a *Assets) ByURL(url string) *Asset { return a.byURL[url] }
