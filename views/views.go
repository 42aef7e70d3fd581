// Package views holds Syniad's HTML templates and its English and Welsh message catalogues,
// embedded in the binary.
package views

import "embed"

// FS holds layout.html, partials/, pages/<resource>/<action>.html and locales/<lang>.toml.
//
//go:embed layout.html partials pages locales
var FS embed.FS
