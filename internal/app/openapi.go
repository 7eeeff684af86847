package app

import (
	"net/http"

	"github.com/volwaardig/volwaardig/internal/web"
)

// apiInfo is what the OpenAPI document says about the API as a whole; the
// paths, schemas and statuses come from the routes' own declarations.
var apiInfo = web.OpenAPIInfo{
	Title: "Volwaardig API",
	Description: "JSON API of Volwaardig. Authenticate with a session cookie (log in at /login) or " +
		"Authorization: Bearer TOKEN (create tokens with `volwaardig token create`). Errors are RFC 9457 " +
		"problem details (application/problem+json); every response carries the API-Version header.",
	ContactName: "Volwaardig",
	ContactURL:  "https://github.com/volwaardig/volwaardig",
	Tags: map[string]string{
		"placement":     "Complexe zorg: placement of people with a very complex care need.",
		"crisis":        "Crisis: crisis cases, beds and teams.",
		"sleep":         "Nachtrust: sleep sensors, uploads and nights.",
		"clients":       "Clients and their right-of-access export.",
		"notifications": "Notifications in the application.",
		"audit":         "Who looked at a client's data.",
	},
}

// openAPI serves the OpenAPI 3.1 document generated from the router's own
// record of routes and their declared contracts, so the description can
// never miss a route or list one that does not exist.
func (a *App) openAPI(w http.ResponseWriter, r *http.Request) {
	web.WriteJSON(w, http.StatusOK, a.OpenAPI())
}

// OpenAPI returns the API's OpenAPI document.
func (a *App) OpenAPI() map[string]any { return web.OpenAPI(a.Router.Routes(), apiInfo) }
