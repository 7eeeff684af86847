package knowledge

import (
	"net/http"
	"strconv"

	"github.com/volwaardig/volwaardig/internal/auth"
	"github.com/volwaardig/volwaardig/internal/clients"
	"github.com/volwaardig/volwaardig/internal/web"
)

func (s *Service) convTemplates() {
	for _, name := range []string{"conversations", "conversation"} {
		s.tmpl[name] = clients.ParsePicker(s.rd, s.rd.Parse(templatesFS, "templates/"+name+".html", "templates/parts.html"))
	}
}

func (s *Service) convRoutes(rt *web.Router) {
	rule := auth.Roles(guideRoles...)
	rt.HandleFunc("GET /kennis/driegesprek", rule, s.handleConversations)
	rt.HandleFunc("POST /kennis/driegesprek", rule, s.handleConversationCreate)
	rt.HandleFunc("GET /kennis/driegesprek/{id}", rule, s.handleConversation)
	rt.HandleFunc("POST /kennis/driegesprek/{id}", rule, s.handleConversationUpdate)
	s.convAPIRoutes(rt)
	rt.Nav(web.NavItem{Path: "/kennis/driegesprek", Label: "Driegesprek", English: "Three-party conversation", Order: 62, Rule: rule,
		Summary: "Een gesprek van cliënt, naaste en professional over nu en later, met afspraken en een vervolgdatum.", SummaryEN: "A conversation of client, relative and professional about now and later, with agreements and a follow-up date."})
}

// conversationsView is the guide's start page: the client (picker or the
// represented clients), their conversations and a new one.
type conversationsView struct {
	Pick          clients.Pick
	Represented   []clients.PickOption
	ClientID      int64
	ClientName    string
	Conversations []Conversation
	Steps         []Step
	Parties       []Option
	Rows          []int
	MayWrite      bool
	Professional  bool
}

// conversationView is one conversation with its form.
type conversationView struct {
	Conversation Conversation
	Steps        []Step
	Parties      []Option
	Rows         []int
	MayWrite     bool
}

func agreementRows() []int {
	out := make([]int, maxAgreements)
	for i := range out {
		out[i] = i + 1
	}
	return out
}

func (s *Service) startView(r *http.Request, p *auth.Principal, chosen int64, query string) (conversationsView, error) {
	v := conversationsView{Steps: Steps(), Parties: Parties(), Rows: agreementRows(), Professional: p.Role == auth.RoleZorgverlener || p.Role == auth.RoleOndersteuner}
	if v.Professional {
		pick, err := s.reg.Find(r.Context(), p, clients.PickRequest{Field: "client", Action: "/kennis/driegesprek", Query: query, Chosen: max(chosen, 0)})
		if err != nil {
			return v, err
		}
		v.Pick = pick
		v.ClientID, v.ClientName = pick.Picked.ID, pick.Picked.Name
	} else {
		auths, err := s.reg.Represented(r.Context(), p, clients.SubjectPlan)
		if err != nil {
			return v, err
		}
		ids := make([]int64, len(auths))
		for i, a := range auths {
			ids[i] = a.ClientID
		}
		names, err := s.reg.Names(r.Context(), ids)
		if err != nil {
			return v, err
		}
		for _, a := range auths {
			v.Represented = append(v.Represented, clients.PickOption{ID: a.ClientID, Name: names[a.ClientID], Label: names[a.ClientID]})
			if a.ClientID == chosen || len(auths) == 1 {
				v.ClientID, v.ClientName = a.ClientID, names[a.ClientID]
			}
		}
	}
	if v.ClientID != 0 {
		cs, err := s.Conversations(r.Context(), p, v.ClientID)
		if err != nil {
			return v, err
		}
		v.Conversations = cs
		a, err := s.reg.AuthorityFor(r.Context(), p, v.ClientID, clients.SubjectPlan)
		if err != nil {
			return v, err
		}
		v.MayWrite = a.Act
	}
	return v, nil
}

func (s *Service) handleConversations(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	chosen, _ := strconv.ParseInt(r.URL.Query().Get("client"), 10, 64)
	v, err := s.startView(r, p, chosen, r.URL.Query().Get("client_zoek"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	form := map[string]string{"held_on": s.today().Format("02-01-2006"), "follow_up": s.today().AddDate(0, 6, 0).Format("02-01-2006")}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["conversations"], web.Page{Title: "Driegesprek", Data: v, Form: form, Flash: web.Flash(r, flashes)})
}

func conversationInput(r *http.Request) (ConversationInput, map[string]string) {
	f := r.PostForm
	in := ConversationInput{Topic: f.Get("topic"), HeldOn: f.Get("held_on"), FollowUp: f.Get("follow_up"), Views: map[string]map[string]string{}}
	in.ClientID, _ = strconv.ParseInt(f.Get("client"), 10, 64)
	form := map[string]string{"topic": in.Topic, "held_on": in.HeldOn, "follow_up": in.FollowUp}
	for _, st := range Steps() {
		in.Views[st.Key] = map[string]string{}
		for _, pt := range Parties() {
			name := viewField(st.Key, pt.Code)
			in.Views[st.Key][pt.Code] = f.Get(name)
			form[name] = f.Get(name)
		}
	}
	for i := 1; i <= maxAgreements; i++ {
		n := strconv.Itoa(i)
		in.Agreements = append(in.Agreements, Agreement{What: f.Get("agreement_what_" + n), Who: f.Get("agreement_who_" + n)})
		form["agreement_what_"+n], form["agreement_who_"+n] = f.Get("agreement_what_"+n), f.Get("agreement_who_"+n)
	}
	return in, form
}

func (s *Service) handleConversationCreate(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	p := principal(r)
	in, form := conversationInput(r)
	id, err := s.SaveConversation(r.Context(), p, 0, in)
	if fes, ok := web.FieldErrorsOf(err); ok {
		v, verr := s.startView(r, p, in.ClientID, "")
		if verr != nil {
			s.fail(w, r, verr)
			return
		}
		s.rd.Render(w, r, http.StatusUnprocessableEntity, s.tmpl["conversations"], web.Page{Title: "Driegesprek", Data: v, Form: form, Errors: fes})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/kennis/driegesprek/"+strconv.FormatInt(id, 10), "gesprek")
}

func (s *Service) handleConversation(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, a, err := s.Conversation(r.Context(), principal(r), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.rd.Render(w, r, http.StatusOK, s.tmpl["conversation"], web.Page{Title: "Driegesprek", Data: conversationView{Conversation: c, Steps: Steps(), Parties: Parties(), Rows: agreementRows(), MayWrite: a.Act},
		Form: conversationForm(c), Flash: web.Flash(r, flashes)})
}

func conversationForm(c Conversation) map[string]string {
	form := map[string]string{"topic": c.Topic, "held_on": c.HeldOn.Format("02-01-2006"), "follow_up": c.FollowUp.Format("02-01-2006")}
	for step, parties := range c.Views {
		for party, text := range parties {
			form[viewField(step, party)] = text
		}
	}
	for i, a := range c.Agreements {
		n := strconv.Itoa(i + 1)
		form["agreement_what_"+n], form["agreement_who_"+n] = a.What, a.Who
	}
	return form
}

func (s *Service) handleConversationUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err == nil {
		err = web.ParseForm(r)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := principal(r)
	in, form := conversationInput(r)
	_, err = s.SaveConversation(r.Context(), p, id, in)
	if fes, ok := web.FieldErrorsOf(err); ok {
		c, a, cerr := s.Conversation(r.Context(), p, id)
		if cerr != nil {
			s.fail(w, r, cerr)
			return
		}
		s.rd.Render(w, r, http.StatusUnprocessableEntity, s.tmpl["conversation"], web.Page{Title: "Driegesprek", Data: conversationView{Conversation: c, Steps: Steps(), Parties: Parties(), Rows: agreementRows(), MayWrite: a.Act},
			Form: form, Errors: fes})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	web.SeeOther(w, r, "/kennis/driegesprek/"+strconv.FormatInt(id, 10), "gesprek")
}
