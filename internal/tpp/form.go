package tpp

import (
	"bytes"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Page is an HTML page the browser received.
type Page struct {
	URL    *url.URL
	Status int
	Body   []byte
	doc    *html.Node
}

// Form is an HTML form of a page, with the values a browser would submit: hidden fields (the CSRF
// token among them), checked boxes and radios, text fields' values and the submit buttons.
type Form struct {
	Action  string // resolved against the page URL
	Method  string
	fields  []field
	buttons []button
}

type field struct {
	name, value, typ, id string
	checked, disabled    bool
}

type button struct{ id, name, value, formAction string }

func parsePage(u *url.URL, status int, body []byte) (*Page, error) {
	doc, err := html.Parse(bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("tpp: parse %s: %w", u, err)
	}
	return &Page{URL: u, Status: status, Body: body, doc: doc}, nil
}

// Title is the page's <title> text.
func (p *Page) Title() string {
	var t string
	walk(p.doc, func(n *html.Node) bool {
		if n.DataAtom == atom.Title && n.FirstChild != nil {
			t = strings.TrimSpace(n.FirstChild.Data)
			return false
		}
		return true
	})
	return t
}

// Heading is the text of the page's first <h1>.
func (p *Page) Heading() string {
	var h string
	walk(p.doc, func(n *html.Node) bool {
		if h != "" {
			return false
		}
		if n.DataAtom == atom.H1 {
			h = strings.Join(strings.Fields(textOf(n)), " ")
			return false
		}
		return true
	})
	return h
}

func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
		return true
	})
	return b.String()
}

// Text is the page's visible text, whitespace collapsed.
func (p *Page) Text() string {
	var b strings.Builder
	walk(p.doc, func(n *html.Node) bool {
		if n.Type == html.ElementNode && (n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Head) {
			return false
		}
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
			b.WriteByte(' ')
		}
		return true
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

// ByID returns the element with the id, nil when absent.
func (p *Page) ByID(id string) *html.Node {
	var found *html.Node
	walk(p.doc, func(n *html.Node) bool {
		if found == nil && n.Type == html.ElementNode && attr(n, "id") == id {
			found = n
		}
		return found == nil
	})
	return found
}

// LinkByID returns the resolved href of the element with the id ("" when there is none).
func (p *Page) LinkByID(id string) string {
	n := p.ByID(id)
	if n == nil || attr(n, "href") == "" {
		return ""
	}
	ref, err := url.Parse(attr(n, "href"))
	if err != nil {
		return ""
	}
	return p.URL.ResolveReference(ref).String()
}

// Form returns the first form whose action path starts with prefix and ends with suffix, or nil.
func (p *Page) Form(prefix, suffix string) *Form {
	var f *Form
	walk(p.doc, func(n *html.Node) bool {
		if f != nil {
			return false
		}
		if n.DataAtom != atom.Form {
			return true
		}
		action := attr(n, "action")
		ref, err := url.Parse(action)
		if err != nil {
			return false
		}
		abs := p.URL.ResolveReference(ref)
		if !strings.HasPrefix(abs.Path, prefix) || !strings.HasSuffix(abs.Path, suffix) {
			return false
		}
		f = &Form{Action: abs.String(), Method: strings.ToUpper(attr(n, "method"))}
		if f.Method == "" {
			f.Method = "GET"
		}
		walk(n, func(c *html.Node) bool {
			switch c.DataAtom {
			case atom.Input:
				_, disabled := hasAttr(c, "disabled")
				_, checked := hasAttr(c, "checked")
				f.fields = append(f.fields, field{name: attr(c, "name"), value: attr(c, "value"), typ: strings.ToLower(attr(c, "type")),
					id: attr(c, "id"), checked: checked, disabled: disabled})
			case atom.Select:
				// A select submits its selected option, or its first.
				fl := field{name: attr(c, "name"), typ: "select", id: attr(c, "id")}
				first := true
				walk(c, func(o *html.Node) bool {
					if o.DataAtom == atom.Option {
						v, ok := hasAttr(o, "value")
						if !ok {
							v = strings.TrimSpace(textOf(o))
						}
						if _, sel := hasAttr(o, "selected"); sel || first {
							fl.value = v
						}
						first = false
					}
					return true
				})
				_, fl.disabled = hasAttr(c, "disabled")
				f.fields = append(f.fields, fl)
				return false
			case atom.Button:
				if t := strings.ToLower(attr(c, "type")); t == "" || t == "submit" {
					fa := ""
					if a := attr(c, "formaction"); a != "" {
						if r, err := url.Parse(a); err == nil {
							fa = p.URL.ResolveReference(r).String()
						}
					}
					f.buttons = append(f.buttons, button{id: attr(c, "id"), name: attr(c, "name"), value: attr(c, "value"), formAction: fa})
				}
			}
			return true
		})
		return false
	})
	return f
}

// Set gives the text field name the value.
func (f *Form) Set(name, value string) error {
	for i := range f.fields {
		if f.fields[i].name == name && !f.fields[i].disabled && !isChoice(f.fields[i].typ) {
			f.fields[i].value = value
			return nil
		}
	}
	return fmt.Errorf("tpp: form %s has no field %q", f.Action, name)
}

// Add adds a field, as a page's script adds hidden inputs to a form before submitting it.
func (f *Form) Add(name, value string) {
	f.fields = append(f.fields, field{name: name, value: value, typ: "hidden"})
}

// Choices returns the values of the checkboxes and radios called name.
func (f *Form) Choices(name string) []string {
	var vs []string
	for _, fl := range f.fields {
		if fl.name == name && isChoice(fl.typ) && !fl.disabled {
			vs = append(vs, fl.value)
		}
	}
	return vs
}

// Check checks exactly the boxes (or the radio) called name whose values are given, unchecking the
// others. A value the form does not offer is an error: the bank did not show that resource.
func (f *Form) Check(name string, values ...string) error {
	offered := f.Choices(name)
	for _, v := range values {
		if !slices.Contains(offered, v) {
			return fmt.Errorf("tpp: form %s offers no %s %q (it offers %v)", f.Action, name, v, offered)
		}
	}
	for i := range f.fields {
		if f.fields[i].name == name && isChoice(f.fields[i].typ) {
			f.fields[i].checked = slices.Contains(values, f.fields[i].value)
		}
	}
	return nil
}

// HasButton reports whether the form has a submit button with the id.
func (f *Form) HasButton(id string) bool {
	return slices.ContainsFunc(f.buttons, func(b button) bool { return b.id == id })
}

// submission returns where and what pressing the button with the id (the first button when id is
// "") submits.
func (f *Form) submission(id string) (action string, values url.Values, err error) {
	values = url.Values{}
	for _, fl := range f.fields {
		if fl.name == "" || fl.disabled || (isChoice(fl.typ) && !fl.checked) || fl.typ == "submit" || fl.typ == "button" {
			continue
		}
		values.Add(fl.name, fl.value)
	}
	action = f.Action
	if len(f.buttons) == 0 {
		return action, values, nil
	}
	i := 0
	if id != "" {
		if i = slices.IndexFunc(f.buttons, func(b button) bool { return b.id == id }); i < 0 {
			return "", nil, fmt.Errorf("tpp: form %s has no button #%s", f.Action, id)
		}
	}
	b := f.buttons[i]
	if b.formAction != "" {
		action = b.formAction
	}
	if b.name != "" {
		values.Set(b.name, b.value)
	}
	return action, values, nil
}

func isChoice(typ string) bool { return typ == "checkbox" || typ == "radio" }

func attr(n *html.Node, key string) string {
	v, _ := hasAttr(n, key)
	return v
}

func hasAttr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// walk visits n and its descendants depth first; visit returns false to skip a node's children.
func walk(n *html.Node, visit func(*html.Node) bool) {
	if !visit(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, visit)
	}
}
