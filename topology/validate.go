package topology

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/nines-dev/nines/internal/hclschema"
	"github.com/nines-dev/nines/topology/schema"
)

var compiledSchema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema.JSON))
	if err != nil {
		return nil, fmt.Errorf("reading the topology schema: %w", err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(schema.URL, doc); err != nil {
		return nil, fmt.Errorf("adding the topology schema: %w", err)
	}
	s, err := c.Compile(schema.URL)
	if err != nil {
		return nil, fmt.Errorf("compiling the topology schema: %w", err)
	}
	return s, nil
})

// validate checks one decoded file against the JSON Schema and reports
// every violation at the position of the attribute or block it concerns.
func (l *loader) validate(f *fileDoc) {
	sch, err := compiledSchema()
	if err != nil {
		l.errorf(Pos{File: f.name}, "%v", err)
		return
	}
	err = sch.Validate(any(f.doc))
	if err == nil {
		l.checkUnits(f)
		return
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		l.errorf(Pos{File: f.name}, "validating against the topology schema: %v", err)
		return
	}
	for _, e := range hclschema.Leaves(ve) {
		pos, subject := f.locate(e.InstanceLocation)
		l.errorf(pos, "%s", l.lang.schemaMessage(subject, e.InstanceLocation, e.ErrorKind))
	}
}

// locate finds the position of the nearest ancestor of loc that has one,
// and describes what is at loc ("instances", `journey "checkout"`).
func (f *fileDoc) locate(loc []string) (Pos, string) {
	if p, ok := f.pointers().Nearest(loc); ok {
		return Pos(p), describeLocation(loc)
	}
	return Pos{File: f.name, Line: 1, Column: 1}, describeLocation(loc)
}

func describeLocation(loc []string) string {
	switch {
	case len(loc) == 0:
		return "the topology"
	case len(loc) == 2 && loc[0] == "exception":
		return "exception"
	case len(loc) == 2:
		return fmt.Sprintf("%s %q", loc[0], loc[1])
	case len(loc) == 4 && loc[2] == "call":
		return fmt.Sprintf("call %q", loc[3])
	case len(loc) >= 3:
		return loc[len(loc)-1]
	}
	return loc[0]
}

func (lang *schemaLanguage) schemaMessage(subject string, loc []string, k jsonschema.ErrorKind) string {
	availabilityAttrs, durationAttrs := lang.availabilityAttrs, lang.durationAttrs
	attr := ""
	if len(loc) > 0 {
		attr = loc[len(loc)-1]
	}
	switch k := k.(type) {
	case *kind.Type:
		if slices.Contains(durationAttrs, attr) {
			return fmt.Sprintf("%s must be a duration string such as \"800ms\", \"2s\" or \"30d\", not %s", subject, k.Got)
		}
		return fmt.Sprintf("%s must be %s, not %s", subject, hclschema.Article(strings.Join(k.Want, " or ")), k.Got)
	case *kind.Pattern, *kind.MinLength:
		switch {
		case slices.Contains(availabilityAttrs, attr):
			return fmt.Sprintf("%s must be a percentage such as \"99.95%%\" or a number in (0, 1], not %s", subject, quoteValue(k))
		case slices.Contains(durationAttrs, attr):
			return fmt.Sprintf("%s must be a duration such as \"800ms\", \"2s\" or \"30d\", not %s", subject, quoteValue(k))
		case attr == "window":
			return fmt.Sprintf("window must be \"30d\", \"month\", \"year\" or another duration, not %s", quoteValue(k))
		case attr == "reason":
			return "an exception needs a reason"
		}
		return fmt.Sprintf("%s must not be empty", subject)
	case *kind.ExclusiveMinimum:
		return fmt.Sprintf("%s must be above %s", subject, hclschema.Rat(k.Want))
	case *kind.Minimum:
		return fmt.Sprintf("%s must be at least %s, not %s", subject, hclschema.Rat(k.Want), hclschema.Rat(k.Got))
	case *kind.Maximum:
		if slices.Contains(availabilityAttrs, attr) {
			return fmt.Sprintf("%s must be at most 1, not %s: write percentages as strings such as \"99.95%%\"", subject, hclschema.Rat(k.Got))
		}
		return fmt.Sprintf("%s must be at most %s, not %s", subject, hclschema.Rat(k.Want), hclschema.Rat(k.Got))
	case *kind.MaxLength:
		return fmt.Sprintf("%s is longer than %d characters", subject, k.Want)
	case *kind.Enum:
		want := make([]string, len(k.Want))
		for i, w := range k.Want {
			want[i] = fmt.Sprintf("%q", w)
		}
		return fmt.Sprintf("%s must be one of %s, not %s", subject, strings.Join(want, ", "), hclschema.Quote(k.Got))
	case *kind.Required:
		return fmt.Sprintf("%s is missing %s", subject, hclschema.Plural("attribute", k.Missing))
	case *kind.AdditionalProperties:
		return fmt.Sprintf("%s has unknown %s", subject, hclschema.Plural("attribute", k.Properties))
	case *kind.UniqueItems:
		return fmt.Sprintf("%s lists the same value twice", subject)
	case *kind.MaxItems:
		return fmt.Sprintf("%s lists more than %d values", subject, k.Want)
	}
	// A printer per message: they are not safe for concurrent use.
	return fmt.Sprintf("%s: %s", subject, k.LocalizedString(message.NewPrinter(language.English)))
}

func quoteValue(k jsonschema.ErrorKind) string {
	switch k := k.(type) {
	case *kind.Pattern:
		return fmt.Sprintf("%q", k.Got)
	case *kind.MinLength:
		return `""`
	}
	return "this value"
}

// checkUnits reads every availability and duration of a file that passed
// the schema, for what a pattern cannot say ("150%", "99999999h").
func (l *loader) checkUnits(f *fileDoc) {
	var check func(rb *rawBlock)
	check = func(rb *rawBlock) {
		for _, name := range l.lang.availabilityAttrs {
			if v, ok := rb.attrs[name]; ok {
				if _, err := ParseAvailability(v); err != nil {
					l.errorf(rb.posOf(name), "%s: %v", name, err)
				}
			}
		}
		for _, name := range l.lang.durationAttrs {
			if s, ok := rb.attrs[name].(string); ok {
				if _, err := ParseDuration(s); err != nil {
					l.errorf(rb.posOf(name), "%s: %v", name, err)
				}
			}
		}
		if s, ok := rb.attrs["window"].(string); ok && rb.typ == "journey" {
			if _, err := WindowMinutes(s); err != nil {
				l.errorf(rb.posOf("window"), "%v", err)
			}
		}
		for _, c := range rb.calls {
			check(c)
		}
	}
	for _, rb := range f.blocks {
		check(rb)
	}
}
