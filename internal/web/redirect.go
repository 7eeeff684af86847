package web

import (
	"net/http"
	"net/url"
	"path"
	"strings"
)

// LocalPath returns target when it is a path on this site, cleaned, or ""
// when it is not. Every redirect to an address taken from the request
// (the login's "next", the language and easy-read switches' "terug") goes
// through it, so none leads to another site. Browsers drop tabs and line
// breaks from a Location and read a backslash as a slash, so "/\t/evil"
// and "/\evil" would become "//evil", another host: a target with a
// control character or a backslash anywhere is refused, as is one with a
// scheme, a host, or that starts with "//" before or after cleaning.
func LocalPath(target string) string {
	if target == "" || target[0] != '/' || strings.ContainsRune(target, '\\') {
		return ""
	}
	for _, c := range target {
		if c < 0x20 || c == 0x7f || c == ' ' || c == '\u0085' || c == '\u2028' || c == '\u2029' {
			return ""
		}
	}
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || strings.HasPrefix(target, "//") {
		return ""
	}
	p := u.Path
	if p == "" || p[0] != '/' {
		return ""
	}
	clean := path.Clean(p)
	if strings.HasSuffix(p, "/") && clean != "/" {
		clean += "/"
	}
	if strings.HasPrefix(clean, "//") {
		return ""
	}
	out := (&url.URL{Path: clean, RawQuery: u.RawQuery}).RequestURI()
	if strings.HasPrefix(out, "//") || !strings.HasPrefix(out, "/") {
		return ""
	}
	return out
}

// RedirectLocal answers 303 to target when LocalPath accepts it, else to
// fallback (a fixed path of our own).
func RedirectLocal(w http.ResponseWriter, r *http.Request, target, fallback string) {
	if t := LocalPath(target); t != "" {
		target = t
	} else {
		target = fallback
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// FlashParam is the query parameter that carries a confirmation's key
// across the redirect after a form (post, redirect, get).
const FlashParam = "melding"

// SeeOther answers 303 to path (a fixed path of our own) with the key of
// the confirmation the next page shows; the page reads it back with Flash.
// Only the key travels, never the text, so no one can make a page say
// something by crafting a link.
func SeeOther(w http.ResponseWriter, r *http.Request, path, key string) {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	if key != "" {
		path += sep + FlashParam + "=" + url.QueryEscape(key)
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// Flash returns the confirmation (Dutch; the page translates it) that
// flashes holds for the request's key, or "" for none or an unknown key.
func Flash(r *http.Request, flashes map[string]string) string {
	return flashes[r.URL.Query().Get(FlashParam)]
}
