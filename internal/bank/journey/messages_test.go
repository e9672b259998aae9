package journey

import (
	"strings"
	"testing"
	"text/template/parse"
	"time"
)

func TestMessagesHaveEveryLanguage(t *testing.T) {
	for id, m := range messages {
		if strings.TrimSpace(m.pt) == "" || strings.TrimSpace(m.en) == "" {
			t.Errorf("message %q lacks a language: %+v", id, m)
		}
		if strings.Count(m.pt, "%") != strings.Count(m.en, "%") {
			t.Errorf("message %q has different arguments in pt (%q) and en (%q)", id, m.pt, m.en)
		}
	}
}

func TestGoSideMessageIDsAreInTheCatalog(t *testing.T) {
	var ids []string
	for _, g := range groupOrder {
		ids = append(ids, g.Category, g.Name, g.Description)
	}
	for _, id := range accountTypeNames {
		ids = append(ids, id)
	}
	for _, id := range contractKindNames {
		ids = append(ids, id)
	}
	for _, id := range ids {
		if _, ok := messages[id]; !ok {
			t.Errorf("message %q is used by the Go code but missing from the catalog", id)
		}
	}
}

func TestTemplatesReferenceOnlyKnownMessages(t *testing.T) {
	all, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, pages := range all {
		for name, page := range pages {
			for _, tmpl := range page.Templates() {
				if tmpl.Tree == nil {
					continue
				}
				for _, id := range messageIDs(tmpl.Tree.Root) {
					seen[id] = true
					if _, ok := messages[id]; !ok {
						t.Errorf("page %s, template %s: unknown message %q", name, tmpl.Name(), id)
					}
				}
			}
		}
	}
	if len(seen) < 100 {
		t.Fatalf("found only %d message IDs in the templates: the walk misses some", len(seen))
	}
}

// messageIDs lists the literal IDs of every {{t "id" …}} call under n.
func messageIDs(n parse.Node) []string {
	var ids []string
	var walk func(parse.Node)
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			if n == nil {
				return
			}
			for _, c := range n.Nodes {
				walk(c)
			}
		case *parse.ActionNode:
			walk(n.Pipe)
		case *parse.PipeNode:
			if n == nil {
				return
			}
			for _, c := range n.Cmds {
				walk(c)
			}
		case *parse.CommandNode:
			if len(n.Args) >= 2 {
				if id, ok := n.Args[0].(*parse.IdentifierNode); ok && id.Ident == "t" {
					if s, ok := n.Args[1].(*parse.StringNode); ok {
						ids = append(ids, s.Text)
					}
				}
			}
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.IfNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.RangeNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.WithNode:
			walk(n.Pipe)
			walk(n.List)
			walk(n.ElseList)
		case *parse.TemplateNode:
			walk(n.Pipe)
		}
	}
	walk(n)
	return ids
}

func TestRenderedPagesShowNoUnknownMessage(t *testing.T) {
	all, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	for l, pages := range all {
		for name, page := range pages {
			if name != "login" && name != "error" && name != "otp" {
				continue
			}
			var b strings.Builder
			p := pageFixture()
			if err := page.ExecuteTemplate(&b, "layout.html", p); err != nil {
				t.Fatalf("%s in %s: %v", name, l.tag(), err)
			}
			if strings.Contains(b.String(), "⟦") {
				t.Errorf("%s in %s shows an unknown message:\n%s", name, l.tag(), b.String())
			}
			if want := `<html lang="` + l.tag() + `">`; !strings.Contains(b.String(), want) {
				t.Errorf("%s in %s lacks %s", name, l.tag(), want)
			}
		}
	}
}

// pageFixture is a page every simple template can render.
func pageFixture() page {
	return page{Title: "T", BankName: "Banco", FromTPP: "Fintech", Data: struct {
		Error, CPF, CNPJ, Flow, Heading, Message, Back, BackLabel string
	}{Flow: "f1"}}
}

func TestEnglishFormats(t *testing.T) {
	at := time.Date(2026, 11, 28, 17, 7, 0, 0, time.UTC)
	for _, tc := range []struct{ got, want string }{
		{en.date(at), "Nov 28, 2026"},
		{en.dateTime(at), "Nov 28, 2026 at 14:07"},
		{en.longDate(at), "November 28, 2026"},
		{en.isoDate("2026-03-05"), "Mar 5, 2026"},
		{en.amount("1234.56", "BRL"), "R$ 1,234.56"},
		{en.amount("1000000.00", "BRL"), "R$ 1,000,000.00"},
		{en.amount("abc", "BRL"), "BRL abc"},
		{ptBR.date(at), "28/11/2026"},
		{ptBR.dateTime(at), "28/11/2026 às 14:07"},
		{ptBR.amount("1234.56", "BRL"), "R$ 1.234,56"},
		{en.date(time.Time{}), "—"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}

func TestUnknownMessageShowsAMarker(t *testing.T) {
	if got := en.T("no.such.message"); got != "⟦no.such.message⟧" {
		t.Fatalf("T(unknown) = %q", got)
	}
	if got, want := ptBR.T("layout.hello", "Ana"), "Olá, Ana"; got != want {
		t.Fatalf("T with an argument = %q, want %q", got, want)
	}
}
