package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"net/http"
	"sync"
)

//go:embed static
var staticFS embed.FS

// staticVersion is a digest of every embedded static file. Pages link the
// files with it (/static/app.css?v=…), so a browser that cached the old
// stylesheet for a long time still asks for the new one the moment a new
// release serves new pages.
var staticVersion = sync.OnceValue(func() string {
	h := sha256.New()
	_ = fs.WalkDir(staticFS, "static", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(path)
		if err != nil {
			return err
		}
		h.Write([]byte(path))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))[:12]
})

// StaticURL is the address of an embedded static file with the version of
// this build.
func StaticURL(name string) string { return "/static/" + name + "?v=" + staticVersion() }

// StaticHandler serves the embedded CSS, JavaScript and images under
// /static/. An address with this build's version may be kept for a year;
// any other (an old version, or none) for an hour.
func StaticHandler() http.Handler {
	fsrv := http.FileServerFS(staticFS)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("v") == staticVersion() {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			w.Header().Set("Cache-Control", "public, max-age=3600")
		}
		fsrv.ServeHTTP(w, r)
	})
}
