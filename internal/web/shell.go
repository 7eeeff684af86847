package web

import (
	"embed"
	"html/template"
	"net/http"

	"github.com/volwaardig/volwaardig/internal/auth"
)

//go:embed shell
var shellFS embed.FS

// Shell serves the pages every visitor shares: the role's home page with a
// link to every module page the role may use, the privacy and accessibility
// statements, and the language and easy-read switches.
type Shell struct {
	rd                        *Renderer
	home, mijn, privacy, a11y *template.Template
	trustProxy                bool
	today                     TodayFunc
}

// WithToday makes the start pages (the professional's home page and the
// client's /mijn) show what waits for the person today, listed by today.
func (s *Shell) WithToday(today TodayFunc) *Shell {
	s.today = today
	return s
}

// tasks lists the day's tasks of the request's person; none without a
// today function.
func (s *Shell) tasks(r *http.Request) ([]Task, error) {
	if s.today == nil || auth.FromContext(r.Context()) == nil {
		return nil, nil
	}
	ts, err := s.today(r)
	if err != nil {
		return nil, err
	}
	SortTasks(ts)
	return ts, nil
}

// NewShell parses the shell pages.
func NewShell(rd *Renderer, trustProxy bool) *Shell {
	return &Shell{rd: rd, trustProxy: trustProxy,
		home:    rd.Parse(shellFS, "shell/home.html", "shell/tasks.html"),
		mijn:    rd.Parse(shellFS, "shell/mijn.html", "shell/tasks.html"),
		privacy: rd.Parse(shellFS, "shell/privacy.html"),
		a11y:    rd.Parse(shellFS, "shell/toegankelijkheid.html"),
	}
}

// Routes registers the shell pages and the static assets.
func (s *Shell) Routes(rt *Router) {
	rt.HandleFunc("GET /{$}", auth.Public(), s.homePage)
	rt.HandleFunc("GET /mijn", auth.Roles(auth.RoleClient), s.startPage(s.mijn, "Mijn pagina"))
	rt.HandleFunc("GET /privacy", auth.Public(), s.page(s.privacy, "Privacyverklaring"))
	rt.HandleFunc("GET /toegankelijkheid", auth.Public(), s.page(s.a11y, "Toegankelijkheidsverklaring"))
	rt.HandleFunc("GET /voorkeur/taal", auth.Public(), s.setPreference(LangCookie, "lang", map[string]string{"nl": "nl", "en": "en"}))
	rt.HandleFunc("GET /voorkeur/eenvoudig", auth.Public(), s.setPreference(EasyReadCookie, "aan", map[string]string{"1": "1", "0": "0"}))
	rt.Handle("GET /static/", auth.Public(), StaticHandler())
	// Browsers and feed readers ask for /favicon.ico without reading the
	// page's <link rel=icon>; they get our SVG icon instead of a 404.
	rt.HandleFunc("GET /favicon.ico", auth.Public(), func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
	})
}

func (s *Shell) homePage(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	if p != nil && p.Role == auth.RoleClient {
		http.Redirect(w, r, "/mijn", http.StatusSeeOther)
		return
	}
	s.startPage(s.home, "Start")(w, r)
}

// startPage renders a start page with the day's tasks.
func (s *Shell) startPage(t *template.Template, title string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ts, err := s.tasks(r)
		if err != nil {
			s.rd.Fail(w, r, err)
			return
		}
		s.rd.Render(w, r, http.StatusOK, t, Page{Title: title, Data: startData{Tasks: ts}})
	}
}

func (s *Shell) page(t *template.Template, title string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.rd.Render(w, r, http.StatusOK, t, Page{Title: title})
	}
}

// setPreference stores a choice in a cookie and returns to the page the
// visitor came from; it works without JavaScript.
func (s *Shell) setPreference(cookie, param string, allowed map[string]string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, ok := allowed[r.URL.Query().Get(param)]
		if ok {
			http.SetCookie(w, &http.Cookie{Name: cookie, Value: v, Path: "/", MaxAge: 365 * 24 * 3600, SameSite: http.SameSiteLaxMode,
				Secure: IsHTTPS(r, s.trustProxy), HttpOnly: true})
		}
		RedirectLocal(w, r, r.URL.Query().Get("terug"), "/")
	}
}
