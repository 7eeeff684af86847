package knowledge

import (
	"net/http"
	"strconv"
	"time"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/web"
)

func (s *Service) convAPIRoutes(rt *web.Router) {
	rule := auth.Roles(guideRoles...)
	rt.HandleFunc("GET /api/v1/knowledge/conversations", rule, s.apiConversations, web.API(web.Spec{Summary: "A client's three-party conversations", Tag: "knowledge",
		Response: conversationsResponse{}, Query: []web.Param{{Name: "client", Type: "integer", Required: true, Description: "The client's id."}}}))
	rt.HandleFunc("POST /api/v1/knowledge/conversations", rule, s.apiConversationCreate, web.API(web.Spec{Summary: "Record a three-party conversation for a client", Tag: "knowledge",
		Request: conversationRequest{}, Response: conversationJSON{}, Status: http.StatusCreated}))
}

// conversationJSON is a conversation in the API; views are step → party
// (client, naaste, professional) → text.
type conversationJSON struct {
	ID         int64                        `json:"id"`
	ClientID   int64                        `json:"client_id"`
	ClientName string                       `json:"client_name"`
	Topic      string                       `json:"topic"`
	HeldOn     string                       `json:"held_on"`
	FollowUp   string                       `json:"follow_up"`
	Views      map[string]map[string]string `json:"views"`
	Agreements []Agreement                  `json:"agreements"`
	UpdatedAt  time.Time                    `json:"updated_at"`
}

type conversationsResponse struct {
	Conversations []conversationJSON `json:"conversations"`
}

// conversationRequest is a new conversation; dates as dd-mm-jjjj or
// jjjj-mm-dd.
type conversationRequest struct {
	ClientID   int64                        `json:"client_id" required:"true"`
	Topic      string                       `json:"topic" required:"true"`
	HeldOn     string                       `json:"held_on" required:"true"`
	FollowUp   string                       `json:"follow_up" required:"true"`
	Views      map[string]map[string]string `json:"views"`
	Agreements []Agreement                  `json:"agreements"`
}

func toConversationJSON(c Conversation) conversationJSON {
	j := conversationJSON{ID: c.ID, ClientID: c.ClientID, ClientName: c.ClientName, Topic: c.Topic, HeldOn: dateText(c.HeldOn), FollowUp: dateText(c.FollowUp),
		Views: c.Views, Agreements: append([]Agreement{}, c.Agreements...), UpdatedAt: c.UpdatedAt}
	if j.Views == nil {
		j.Views = map[string]map[string]string{}
	}
	return j
}

func (s *Service) apiConversations(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.URL.Query().Get("client"), 10, 64)
	if err != nil || id <= 0 {
		s.apiFail(w, r, web.BadInput("client", "Geef het nummer van de cliënt mee (client=…).", "Give the client's id (client=…)."))
		return
	}
	cs, err := s.Conversations(r.Context(), principal(r), id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	out := conversationsResponse{Conversations: []conversationJSON{}}
	for _, c := range cs {
		out.Conversations = append(out.Conversations, toConversationJSON(c))
	}
	web.WriteJSON(w, http.StatusOK, out)
}

func (s *Service) apiConversationCreate(w http.ResponseWriter, r *http.Request) {
	var in conversationRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		s.apiFail(w, r, err)
		return
	}
	p := principal(r)
	id, err := s.SaveConversation(r.Context(), p, 0, ConversationInput(in))
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	c, _, err := s.Conversation(r.Context(), p, id)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, toConversationJSON(c))
}
