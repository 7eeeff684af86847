package web

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/volwaardig/volwaardig/internal/auth"
)

// APIBase is the path every JSON API route starts with; the OpenAPI
// document names it as its server, so its paths are relative to it.
const APIBase = "/api/v1"

// OpenAPIInfo is what the document says about the API beyond its routes.
type OpenAPIInfo struct {
	Title, Description string
	ContactName        string
	ContactURL         string
	// Tags describes each module's tag (name: description).
	Tags map[string]string
}

var pathParam = regexp.MustCompile(`\{([a-zA-Z_]+)(\.\.\.)?\}`)

// SpecPath turns a route pattern into its OpenAPI path, relative to APIBase
// ("/api/v1/placement/cases/{id}" → "/placement/cases/{id}").
func SpecPath(pattern string) string {
	p := strings.TrimSuffix(pattern, "{$}")
	p = pathParam.ReplaceAllString(p, "{$1}")
	return strings.TrimPrefix(p, APIBase)
}

// IsAPIRoute reports whether the route belongs in the document: under
// APIBase and not the document itself.
func IsAPIRoute(route Route) bool {
	return strings.HasPrefix(route.Pattern, APIBase+"/") && route.Pattern != APIBase+"/openapi.json"
}

// OpenAPI generates the OpenAPI 3.1 document of the API routes from their
// declared Specs. A route under APIBase without a Spec is listed with its
// path and error answers only; the contract test refuses such a route.
func OpenAPI(routes []Route, info OpenAPIInfo) map[string]any {
	reqs, resps := newSchemaSet(), newSchemaSet()
	reqs.lax = true
	paths := map[string]map[string]any{}
	usedStatus := map[int]bool{}
	tags := map[string]bool{}
	for _, rt := range routes {
		if !IsAPIRoute(rt) {
			continue
		}
		p := SpecPath(rt.Pattern)
		if paths[p] == nil {
			paths[p] = map[string]any{}
		}
		op := map[string]any{
			"operationId": operationID(rt.Method, p),
			"description": "Access: " + rt.Rule.String(),
		}
		var params []any
		for _, m := range pathParam.FindAllStringSubmatch(rt.Pattern, -1) {
			params = append(params, map[string]any{"name": m[1], "in": "path", "required": true, "schema": pathParamSchema(m[1])})
		}
		responses := map[string]any{}
		if s := rt.API; s != nil {
			op["summary"] = s.Summary
			if s.Tag != "" {
				op["tags"] = []string{s.Tag}
				tags[s.Tag] = true
			}
			for _, q := range s.Query {
				sch := map[string]any{"type": "string"}
				if q.Type != "" {
					sch["type"] = q.Type
				}
				if q.Format != "" {
					sch["format"] = q.Format
				}
				if len(q.Enum) > 0 {
					sch["enum"] = q.Enum
				}
				param := map[string]any{"name": q.Name, "in": "query", "required": q.Required, "schema": sch}
				if q.Description != "" {
					param["description"] = q.Description
				}
				params = append(params, param)
			}
			content := map[string]any{}
			if s.Request != nil {
				content["application/json"] = map[string]any{"schema": reqs.of(s.Request)}
			}
			for _, m := range s.RequestMedia {
				content[m] = map[string]any{"schema": map[string]any{"type": "string", "contentMediaType": m}}
			}
			if len(content) > 0 {
				op["requestBody"] = map[string]any{"required": true, "content": content}
			}
			ok := map[string]any{"description": http.StatusText(s.Status), "headers": versionHeader()}
			if s.Response != nil {
				ok["content"] = map[string]any{"application/json": map[string]any{"schema": resps.of(s.Response)}}
			}
			responses[strconv.Itoa(s.Status)] = ok
		}
		for _, st := range rt.ErrorStatuses() {
			usedStatus[st] = true
			responses[strconv.Itoa(st)] = map[string]any{"$ref": "#/components/responses/Problem" + strconv.Itoa(st)}
		}
		op["responses"] = responses
		if len(params) > 0 {
			op["parameters"] = params
		}
		if rt.Rule.IsPublic() {
			op["security"] = []any{}
		} else {
			op["security"] = []map[string][]string{{"bearer": {}}, {"session": {}}}
		}
		paths[p][strings.ToLower(rt.Method)] = op
	}

	schemas := map[string]any{"Problem": problemSchema()}
	for name, sch := range resps.defs {
		schemas[name] = sch
	}
	for name, sch := range reqs.defs {
		if _, taken := schemas[name]; taken {
			name += "Request"
		}
		schemas[name] = sch
	}
	problems := map[string]any{}
	for st := range usedStatus {
		problems["Problem"+strconv.Itoa(st)] = map[string]any{
			"description": http.StatusText(st),
			"headers":     versionHeader(),
			"content": map[string]any{"application/problem+json": map[string]any{
				"schema": map[string]any{"$ref": "#/components/schemas/Problem"}}},
		}
	}
	var tagList []any
	for _, t := range slices.Sorted(func(yield func(string) bool) {
		for t := range tags {
			if !yield(t) {
				return
			}
		}
	}) {
		tag := map[string]any{"name": t}
		if d := info.Tags[t]; d != "" {
			tag["description"] = d
		}
		tagList = append(tagList, tag)
	}
	doc := map[string]any{
		"openapi": "3.1.0",
		"info": map[string]any{
			"title":       info.Title,
			"version":     APIVersion,
			"description": info.Description,
			"contact":     map[string]any{"name": info.ContactName, "url": info.ContactURL},
		},
		"servers": []any{map[string]any{"url": APIBase, "description": "This server"}},
		"tags":    tagList,
		"paths":   paths,
		"components": map[string]any{
			"schemas":   schemas,
			"responses": problems,
			"headers": map[string]any{"API-Version": map[string]any{
				"description": "The full semantic version of the API.",
				"required":    true,
				"schema":      map[string]any{"type": "string", "example": APIVersion},
			}},
			"securitySchemes": map[string]any{
				"bearer":  map[string]any{"type": "http", "scheme": "bearer", "description": "A personal API token or device token (volwaardig token create)."},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": auth.SessionCookie, "description": "The session cookie of a login at /login."},
			},
		},
	}
	return doc
}

func versionHeader() map[string]any {
	return map[string]any{"API-Version": map[string]any{"$ref": "#/components/headers/API-Version"}}
}

// pathParamSchema: ids are integers, other parameters (a sensor's serial)
// strings.
func pathParamSchema(name string) map[string]any {
	if name == "id" || strings.HasSuffix(name, "id") {
		return map[string]any{"type": "integer", "format": "int64"}
	}
	return map[string]any{"type": "string"}
}

// operationID derives a unique camelCase id from method and path:
// GET /placement/cases/{id} → getPlacementCasesById.
func operationID(method, path string) string {
	var b strings.Builder
	b.WriteString(strings.ToLower(method))
	for _, seg := range strings.Split(path, "/") {
		if seg == "" {
			continue
		}
		if strings.HasPrefix(seg, "{") {
			b.WriteString("By")
			seg = strings.Trim(seg, "{}")
		}
		for _, part := range strings.FieldsFunc(seg, func(r rune) bool { return r == '-' || r == '_' || r == '.' }) {
			b.WriteString(upperFirst(part))
		}
	}
	return b.String()
}

// problemSchema is the RFC 9457 problem detail every API error is.
func problemSchema() map[string]any {
	str := func(desc string) map[string]any { return map[string]any{"type": "string", "description": desc} }
	codes := []string{}
	for _, c := range allCodes {
		codes = append(codes, string(c))
	}
	return map[string]any{
		"type":                 "object",
		"description":          "RFC 9457 problem details.",
		"required":             []string{"type", "title", "status", "detail", "instance", "code"},
		"additionalProperties": false,
		"properties": map[string]any{
			"type":       map[string]any{"type": "string", "format": "uri-reference", "description": "Identifies the kind of problem."},
			"title":      str("Short summary of the kind of problem, in the request's language."),
			"status":     map[string]any{"type": "integer", "minimum": 400, "maximum": 599},
			"detail":     str("What went wrong with this request and what to fix, in the request's language."),
			"instance":   map[string]any{"type": "string", "format": "uri-reference", "description": "The path of the request."},
			"code":       map[string]any{"type": "string", "enum": codes, "description": "The error class (stable)."},
			"request_id": str("The request's id, to quote when reporting an internal error."),
			"invalid-params": map[string]any{
				"type": "array",
				"items": map[string]any{
					"type":                 "object",
					"required":             []string{"name", "reason"},
					"additionalProperties": false,
					"properties":           map[string]any{"name": str("The input field at fault."), "reason": str("What is wrong with it.")},
				},
			},
		},
	}
}
