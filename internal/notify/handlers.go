package notify

import (
	"context"
	"errors"
	"net/http"
	"strconv"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

// Routes registers the inbox page, its forms and the JSON API, all for any
// logged-in user (each sees only their own notifications). When the
// renderer has no badge source yet, the inbox's unread count becomes the
// header badge.
func (s *Service) Routes(rt *web.Router, rd *web.Renderer) {
	rd.Catalog.Add(translations)
	s.inbox = rd.Parse(templatesFS, "templates/inbox.html")
	if rd.Badge == nil {
		rd.Badge = s.Badge
	}
	h := &handlers{s: s, rd: rd}
	anyUser := auth.AnyUser()
	rt.HandleFunc("GET "+InboxPath, anyUser, h.inboxPage)
	rt.HandleFunc("POST "+InboxPath+"/{id}/gelezen", anyUser, h.markReadForm)
	rt.HandleFunc("POST "+InboxPath+"/alles-gelezen", anyUser, h.markAllForm)
	rt.HandleFunc("GET /api/v1/notifications", anyUser, h.apiList, web.API(web.Spec{
		Summary: "The caller's notifications, newest first", Tag: "notifications", Response: apiListResponse{},
		Query: []web.Param{{Name: "before", Type: "integer", Description: "Only notifications older than this id (next_before of the previous page)."},
			{Name: "limit", Type: "integer", Description: "At most this many, 1 to 200."}, {Name: "unread", Type: "boolean", Description: "Only unread ones."}}}))
	rt.HandleFunc("POST /api/v1/notifications/{id}/read", anyUser, h.apiMarkRead, web.API(web.Spec{Summary: "Mark one notification read", Tag: "notifications", Response: Item{}}))
	rt.HandleFunc("POST /api/v1/notifications/read-all", anyUser, h.apiMarkAll, web.API(web.Spec{Summary: "Mark all notifications read", Tag: "notifications", Response: markedResponse{}}))
}

// Badge is the unread count for the layout's header; errors show no badge
// rather than break the page.
func (s *Service) Badge(ctx context.Context, p *auth.Principal) int {
	if p == nil || p.Device {
		return 0
	}
	n, err := s.Unread(ctx, p.UserID)
	if err != nil {
		s.logger.ErrorContext(ctx, "unread count failed", "user", p.UserID, "err", err)
		return 0
	}
	return n
}

type handlers struct {
	s  *Service
	rd *web.Renderer
}

// pageSize is how many notifications the inbox shows at a time.
const pageSize = 50

type inboxData struct {
	Items  []Item
	Unread int
	// Older is the cursor of the next page, 0 when this is the last.
	Older int64
	Paged bool
}

func (h *handlers) inboxPage(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	before, err := web.QueryID(r, "voor")
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	items, err := h.s.List(r.Context(), p.UserID, ListOptions{Before: before, Limit: pageSize + 1})
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	unread, err := h.s.Unread(r.Context(), p.UserID)
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	lang := web.LangFromRequest(r)
	for i := range items {
		items[i] = items[i].In(lang)
	}
	d := inboxData{Items: items, Unread: unread, Paged: before > 0}
	if len(items) > pageSize {
		d.Items = items[:pageSize]
		d.Older = d.Items[pageSize-1].ID
	}
	page := web.Page{Title: "Berichten", Data: d}
	switch r.URL.Query().Get("klaar") {
	case "gelezen":
		page.Flash = "Het bericht is gemarkeerd als gelezen."
	case "alles":
		page.Flash = "Alle berichten zijn gemarkeerd als gelezen."
	}
	h.rd.Render(w, r, http.StatusOK, h.s.inbox, page)
}

func (h *handlers) markReadForm(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	id, err := web.PathID(r, "id")
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	if err := h.s.MarkRead(r.Context(), p.UserID, id); err != nil {
		h.rd.Fail(w, r, webError(err))
		return
	}
	http.Redirect(w, r, InboxPath+"?klaar=gelezen", http.StatusSeeOther)
}

func (h *handlers) markAllForm(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	if _, err := h.s.MarkAllRead(r.Context(), p.UserID); err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	http.Redirect(w, r, InboxPath+"?klaar=alles", http.StatusSeeOther)
}

type markedResponse struct {
	Marked int64 `json:"marked"`
}

// apiListResponse is the JSON shape of GET /api/v1/notifications.
type apiListResponse struct {
	Notifications []Item `json:"notifications"`
	Unread        int    `json:"unread"`
	// NextBefore is the "before" value for the next (older) page; absent on
	// the last page.
	NextBefore int64 `json:"next_before,omitempty"`
}

func (h *handlers) apiList(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	q := r.URL.Query()
	before, err := web.QueryID(r, "before")
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	limit := pageSize
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 200 {
			h.rd.Fail(w, r, web.BadInput("limit", "limit moet een geheel getal van 1 tot en met 200 zijn.", "limit must be a whole number from 1 to 200."))
			return
		}
		limit = n
	}
	unreadOnly := false
	switch q.Get("unread") {
	case "", "0", "false":
	case "1", "true":
		unreadOnly = true
	default:
		h.rd.Fail(w, r, web.BadInput("unread", "unread moet true of false zijn.", "unread must be true or false."))
		return
	}
	items, err := h.s.List(r.Context(), p.UserID, ListOptions{Before: before, Limit: limit + 1, UnreadOnly: unreadOnly})
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	unread, err := h.s.Unread(r.Context(), p.UserID)
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	resp := apiListResponse{Notifications: items, Unread: unread}
	if len(items) > limit {
		resp.Notifications = items[:limit]
		resp.NextBefore = items[limit-1].ID
	}
	if resp.Notifications == nil {
		resp.Notifications = []Item{}
	}
	web.WriteJSON(w, http.StatusOK, resp)
}

func (h *handlers) apiMarkRead(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	id, err := web.PathID(r, "id")
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	if err := h.s.MarkRead(r.Context(), p.UserID, id); err != nil {
		h.rd.Fail(w, r, webError(err))
		return
	}
	it, err := h.s.Get(r.Context(), p.UserID, id)
	if err != nil {
		h.rd.Fail(w, r, webError(err))
		return
	}
	web.WriteJSON(w, http.StatusOK, it)
}

func (h *handlers) apiMarkAll(w http.ResponseWriter, r *http.Request) {
	p := auth.FromContext(r.Context())
	n, err := h.s.MarkAllRead(r.Context(), p.UserID)
	if err != nil {
		h.rd.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, markedResponse{Marked: n})
}

// webError maps the store's errors to the web error type.
func webError(err error) error {
	if errors.Is(err, ErrNotFound) {
		return web.NotFound("Dit bericht bestaat niet of is niet voor u.", "This message does not exist or is not yours.")
	}
	return err
}
