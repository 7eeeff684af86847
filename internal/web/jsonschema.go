package web

import (
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
	"time"
	"unicode"
)

// schemaSet turns Go types into JSON Schema (draft 2020-12, as OpenAPI 3.1
// uses it) by the rules encoding/json follows when it writes them, so the
// schema describes the bytes a handler sends: named struct types become
// components referenced by $ref; a struct is closed (additionalProperties
// false) and requires every field without omitempty; a nil slice, map or
// pointer is written as null, so those admit null.
type schemaSet struct {
	defs  map[string]map[string]any
	names map[reflect.Type]string
	// lax describes request bodies: a field left out is decoded as its
	// zero value, so only the fields tagged required:"true" are listed as
	// required (DecodeJSON refuses a body without them).
	lax bool
}

func newSchemaSet() *schemaSet {
	return &schemaSet{defs: map[string]map[string]any{}, names: map[reflect.Type]string{}}
}

var (
	timeType          = reflect.TypeOf(time.Time{})
	rawMessageType    = reflect.TypeOf(json.RawMessage(nil))
	jsonMarshalerType = reflect.TypeOf((*json.Marshaler)(nil)).Elem()
	textMarshalerType = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()
	schemaerType      = reflect.TypeOf((*Schemaer)(nil)).Elem()
)

// Schemaer is a type that writes its own JSON (MarshalJSON) and so says
// what its JSON looks like, where reflection cannot know.
type Schemaer interface {
	JSONSchema() map[string]any
}

// of returns the schema of v's type (nil v: no schema).
func (s *schemaSet) of(v any) map[string]any {
	if v == nil {
		return nil
	}
	return s.schema(reflect.TypeOf(v))
}

func nullable(sch map[string]any) map[string]any {
	if t, ok := sch["type"].(string); ok {
		out := map[string]any{}
		for k, v := range sch {
			out[k] = v
		}
		out["type"] = []string{t, "null"}
		return out
	}
	return map[string]any{"anyOf": []any{sch, map[string]any{"type": "null"}}}
}

func (s *schemaSet) schema(t reflect.Type) map[string]any {
	switch {
	case t.Implements(schemaerType):
		return reflect.Zero(t).Interface().(Schemaer).JSONSchema()
	case t == timeType:
		return map[string]any{"type": "string", "format": "date-time"}
	case t == rawMessageType:
		return map[string]any{}
	case t.Kind() != reflect.Pointer && t.Implements(jsonMarshalerType):
		// A type that writes itself: its shape is not knowable by reflection.
		return map[string]any{}
	case t.Kind() != reflect.Pointer && t.Implements(textMarshalerType):
		return map[string]any{"type": "string"}
	}
	switch t.Kind() {
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	case reflect.String:
		return map[string]any{"type": "string"}
	case reflect.Interface:
		return map[string]any{}
	case reflect.Pointer:
		return nullable(s.schema(t.Elem()))
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return map[string]any{"type": []string{"string", "null"}, "contentEncoding": "base64"}
		}
		return map[string]any{"type": []string{"array", "null"}, "items": s.schema(t.Elem())}
	case reflect.Array:
		return map[string]any{"type": "array", "items": s.schema(t.Elem()), "minItems": t.Len(), "maxItems": t.Len()}
	case reflect.Map:
		return map[string]any{"type": []string{"object", "null"}, "additionalProperties": s.schema(t.Elem())}
	case reflect.Struct:
		if t.Name() == "" {
			return s.object(t)
		}
		name, ok := s.names[t]
		if !ok {
			name = s.nameFor(t)
			s.names[t] = name
			s.defs[name] = nil // reserve: recursive types refer to it while it is built
			s.defs[name] = s.object(t)
		}
		return map[string]any{"$ref": "#/components/schemas/" + name}
	}
	panic("web: no JSON schema for type " + t.String())
}

// nameFor names a component after the type's package and name
// (placement.caseJSON: PlacementCaseJSON), unique within the set.
func (s *schemaSet) nameFor(t reflect.Type) string {
	pkg := t.PkgPath()
	if i := strings.LastIndex(pkg, "/"); i >= 0 {
		pkg = pkg[i+1:]
	}
	base := upperFirst(pkg) + upperFirst(t.Name())
	name := base
	for i := 2; ; i++ {
		if _, taken := s.defs[name]; !taken {
			return name
		}
		name = base + string(rune('0'+i%10))
	}
}

func upperFirst(s string) string {
	for i, r := range s {
		return string(unicode.ToUpper(r)) + s[i+len(string(r)):]
	}
	return s
}

func (s *schemaSet) object(t reflect.Type) map[string]any {
	props := map[string]any{}
	var required []string
	s.fields(t, props, &required)
	obj := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		obj["required"] = required
	}
	return obj
}

// fields adds t's JSON fields, flattening embedded structs as
// encoding/json does.
func (s *schemaSet) fields(t reflect.Type, props map[string]any, required *[]string) {
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				s.fields(ft, props, required)
				continue
			}
		}
		if !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		var sch map[string]any
		if strings.Contains(","+opts+",", ",string,") {
			sch = map[string]any{"type": "string"}
		} else {
			sch = s.schema(f.Type)
		}
		if d := f.Tag.Get("doc"); d != "" {
			if _, isRef := sch["$ref"]; !isRef {
				sch["description"] = d
			}
		}
		props[name] = sch
		if s.lax && requiredField(f) || !s.lax && !strings.Contains(","+opts+",", ",omitempty,") && !strings.Contains(","+opts+",", ",omitzero,") {
			*required = append(*required, name)
		}
	}
}

// requiredField says whether a request body must hold the field: its tag
// required:"true". A request field is marked so, rather than derived from
// omitempty, because encoding/json ignores omitempty when it reads, and a
// field the handler refuses when empty should be named as missing before
// the domain sees the request, in the schema and in DecodeJSON alike.
func requiredField(f reflect.StructField) bool { return f.Tag.Get("required") == "true" }

// missingFields lists the JSON names of t's required fields (requiredField,
// embedded structs flattened as encoding/json does) that obj lacks or holds
// as null. Only the top level is checked: nested objects are the domain's.
func missingFields(t reflect.Type, obj map[string]json.RawMessage) []string {
	var missing []string
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				missing = append(missing, missingFields(ft, obj)...)
				continue
			}
		}
		if !f.IsExported() || !requiredField(f) {
			continue
		}
		if name == "" {
			name = f.Name
		}
		if v, ok := obj[name]; !ok || string(v) == "null" {
			missing = append(missing, name)
		}
	}
	return missing
}
