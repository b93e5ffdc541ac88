package hclschema

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Violation is one schema error, located in the document.
type Violation struct {
	Loc     []string             // instance location: tokens of a JSON pointer
	Kind    jsonschema.ErrorKind // for additionalProperties, one property per violation
	Subject string               // what is at Loc: `analyzer "retrybound"`, "max_attempts", "the file"
}

// MessageFunc words a violation; it returns "" to keep the default
// message (DefaultMessage).
type MessageFunc func(d *Doc, v Violation) string

// Validate checks the document against s and returns every violation at
// the position of the block or attribute it concerns: an unknown
// attribute or block at its own position, a missing attribute at its
// block, a wrong value at its attribute.
func (d *Doc) Validate(s *jsonschema.Schema, msg MessageFunc) ErrorList {
	err := s.Validate(any(d.Value))
	if err == nil {
		return nil
	}
	var errs ErrorList
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		errs.Add(Pos{File: d.File}, "validating against the schema: %v", err)
		return errs
	}
	for _, e := range Leaves(ve) {
		loc := e.InstanceLocation
		if ap, ok := e.ErrorKind.(*kind.AdditionalProperties); ok {
			for _, p := range ap.Properties {
				at := append(append([]string{}, loc...), p)
				v := Violation{Loc: at, Kind: &kind.AdditionalProperties{Properties: []string{p}}, Subject: d.Describe(loc)}
				errs.Add(d.Pos(at...), "%s", d.message(msg, v))
			}
			continue
		}
		v := Violation{Loc: loc, Kind: e.ErrorKind, Subject: d.Describe(loc)}
		errs.Add(d.Pos(loc...), "%s", d.message(msg, v))
	}
	return errs.Sorted()
}

func (d *Doc) message(msg MessageFunc, v Violation) string {
	if msg != nil {
		if s := msg(d, v); s != "" {
			return s
		}
	}
	return d.DefaultMessage(v)
}

// Leaves returns the violations under e that have no causes of their
// own: the ones worth a message.
func Leaves(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	var out []*jsonschema.ValidationError
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			out = append(out, e)
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(e)
	return out
}

// IsGroup reports whether loc is the group of labeled blocks of one type
// (doc["analyzer"]), whose keys are labels.
func (d *Doc) IsGroup(loc []string) bool {
	n, ok := d.nodes[Pointer(loc...)]
	return ok && n.kind == groupNode
}

// IsBlock reports whether loc is a block.
func (d *Doc) IsBlock(loc []string) bool {
	n, ok := d.nodes[Pointer(loc...)]
	return ok && n.kind == blockNode
}

// Describe names what is at loc for a message: `analyzer "retrybound"`,
// "thresholds block", "max_attempts", "exclude[1]", "the file".
func (d *Doc) Describe(loc []string) string {
	if len(loc) == 0 {
		return "the file"
	}
	// Find the innermost block containing loc.
	blockEnd, desc := 0, "the file"
	for i := 0; i < len(loc); {
		typ := loc[i]
		shape, known := d.shapes[typ]
		if !known || !d.IsGroup(loc[:i+1]) && !d.IsBlock(loc[:i+1]) {
			break
		}
		switch {
		case shape.List && i+1 < len(loc):
			desc, i = typ+" block", i+2
		case shape.Labels > 0 && i+shape.Labels < len(loc):
			desc, i = typ+" "+quoteLabels(loc[i+1:i+1+shape.Labels]), i+1+shape.Labels
		case shape.Labels == 0 && !shape.List:
			desc, i = typ+" block", i+1
		default:
			return typ + " blocks"
		}
		blockEnd = i
	}
	rest := loc[blockEnd:]
	if len(rest) == 0 {
		return desc
	}
	s := rest[0]
	for _, t := range rest[1:] {
		if _, err := strconv.Atoi(t); err == nil {
			s += "[" + t + "]"
		} else {
			s += "." + t
		}
	}
	return s
}

var printer = message.NewPrinter(language.English)

// DefaultMessage words a violation in go vet's style.
func (d *Doc) DefaultMessage(v Violation) string {
	subject := v.Subject
	switch k := v.Kind.(type) {
	case *kind.AdditionalProperties:
		parent := v.Loc[:len(v.Loc)-1]
		name := v.Loc[len(v.Loc)-1]
		switch {
		case d.IsGroup(parent):
			return fmt.Sprintf("unknown %s %q", parent[len(parent)-1], name)
		case d.IsBlock(v.Loc) || d.IsGroup(v.Loc):
			if len(parent) == 0 {
				return fmt.Sprintf("unknown block %q", name)
			}
			return fmt.Sprintf("unknown block %q in %s", name, subject)
		case len(parent) == 0:
			return fmt.Sprintf("unknown attribute %q", name)
		}
		return fmt.Sprintf("unknown attribute %q in %s", name, subject)
	case *kind.Type:
		return fmt.Sprintf("%s must be %s, not %s", subject, Article(strings.Join(k.Want, " or ")), k.Got)
	case *kind.Required:
		return fmt.Sprintf("%s is missing %s", subject, Plural("attribute", k.Missing))
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = Quote(w)
		}
		return fmt.Sprintf("%s must be one of %s, not %s", subject, strings.Join(want, ", "), Quote(k.Got))
	case *kind.Const:
		return fmt.Sprintf("%s must be %s, not %s", subject, Quote(k.Want), Quote(k.Got))
	case *kind.MinLength:
		return fmt.Sprintf("%s must not be empty", subject)
	case *kind.MaxLength:
		return fmt.Sprintf("%s is longer than %d characters", subject, k.Want)
	case *kind.Pattern:
		return fmt.Sprintf("%s: %q does not match %s", subject, k.Got, k.Want)
	case *kind.Minimum:
		return fmt.Sprintf("%s must be at least %s, not %s", subject, Rat(k.Want), Rat(k.Got))
	case *kind.ExclusiveMinimum:
		return fmt.Sprintf("%s must be above %s, not %s", subject, Rat(k.Want), Rat(k.Got))
	case *kind.Maximum:
		return fmt.Sprintf("%s must be at most %s, not %s", subject, Rat(k.Want), Rat(k.Got))
	case *kind.UniqueItems:
		return fmt.Sprintf("%s lists the same value twice", subject)
	case *kind.MinItems:
		return fmt.Sprintf("%s must list at least %d values", subject, k.Want)
	case *kind.MaxItems:
		return fmt.Sprintf("%s lists more than %d values", subject, k.Want)
	}
	return fmt.Sprintf("%s: %s", subject, v.Kind.LocalizedString(printer))
}

// Article puts "a" or "an" before a JSON Schema type name or list of
// names ("an integer", "a string or number").
func Article(s string) string {
	switch s {
	case "integer", "object", "array":
		return "an " + s
	case "string", "number", "boolean", "string or number":
		return "a " + s
	}
	return s
}

// Plural words a list of quoted names after word: `attribute "a"`,
// `attributes "a", "b"`.
func Plural(word string, names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(names) == 1 {
		return word + " " + q[0]
	}
	return word + "s " + strings.Join(q, ", ")
}

// Quote quotes a string value and prints any other.
func Quote(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprint(v)
}

// Rat prints a schema bound as a short decimal.
func Rat(r *big.Rat) string {
	if r == nil {
		return "?"
	}
	f, _ := r.Float64()
	return strconv.FormatFloat(f, 'g', -1, 64)
}
