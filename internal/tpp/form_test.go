package tpp

import (
	"net/url"
	"slices"
	"testing"
)

const consentPage = `<!doctype html><html><head><title>Confirme — Banco</title></head><body>
<h1>Confirme o <em>compartilhamento</em></h1>
<form method="post" action="/login"><input type="hidden" name="csrf" value="L"><input name="cpf"><input type="password" name="password"><button type="submit">Entrar</button></form>
<form method="post" action="/consent/f1/confirm">
  <input type="hidden" name="csrf" value="tok-123">
  <input type="checkbox" name="account" value="a1" checked>
  <input type="checkbox" name="account" value="a2">
  <input type="checkbox" name="account" value="a3" disabled>
  <select name="period"><option value="3">3 meses</option><option value="12" selected>12 meses</option></select>
  <button type="submit" id="confirmar">Confirmar</button>
  <button class="x" type="submit" id="recusar" formaction="/consent/f1/refuse" formnovalidate>Recusar</button>
</form>
<a id="voltar" href="https://tpp.example/callback#code=c&amp;state=s">Voltar</a>
</body></html>`

func page(t *testing.T, body string) *Page {
	t.Helper()
	u, _ := url.Parse("https://bank.example/consent/f1")
	p, err := parsePage(u, 200, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFormSubmission(t *testing.T) {
	p := page(t, consentPage)
	if p.Title() != "Confirme — Banco" || p.Heading() != "Confirme o compartilhamento" {
		t.Fatalf("title %q heading %q", p.Title(), p.Heading())
	}
	if got := p.LinkByID("voltar"); got != "https://tpp.example/callback#code=c&state=s" {
		t.Fatalf("link %q", got)
	}
	if p.Form("/nowhere", "") != nil {
		t.Fatal("found a form that is not there")
	}
	for _, c := range []struct {
		name       string
		check      []string
		button     string
		wantAction string
		want       url.Values
	}{
		{"defaults", nil, "", "https://bank.example/consent/f1/confirm", url.Values{"csrf": {"tok-123"}, "account": {"a1"}, "period": {"12"}}},
		{"two accounts", []string{"a1", "a2"}, "confirmar", "https://bank.example/consent/f1/confirm", url.Values{"csrf": {"tok-123"}, "account": {"a1", "a2"}, "period": {"12"}}},
		{"none, refused", []string{}, "recusar", "https://bank.example/consent/f1/refuse", url.Values{"csrf": {"tok-123"}, "period": {"12"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := page(t, consentPage).Form("/consent/", "/confirm")
			if got := f.Choices("account"); !slices.Equal(got, []string{"a1", "a2"}) {
				t.Fatalf("choices %v (a disabled box is no choice)", got)
			}
			if c.check != nil {
				if err := f.Check("account", c.check...); err != nil {
					t.Fatal(err)
				}
			}
			action, values, err := f.submission(c.button)
			if err != nil {
				t.Fatal(err)
			}
			if action != c.wantAction || values.Encode() != c.want.Encode() {
				t.Fatalf("submits %s %s, want %s %s", action, values.Encode(), c.wantAction, c.want.Encode())
			}
		})
	}
}

func TestFormRefusesWhatThePageDoesNotOffer(t *testing.T) {
	f := page(t, consentPage).Form("/consent/", "/confirm")
	if err := f.Check("account", "a3"); err == nil {
		t.Fatal("checked a disabled box")
	}
	if err := f.Check("account", "other-customers-account"); err == nil {
		t.Fatal("checked an account the page does not offer")
	}
	if err := f.Set("cpf", "1"); err == nil {
		t.Fatal("set a field of another form")
	}
	if _, _, err := f.submission("no-such-button"); err == nil {
		t.Fatal("pressed a missing button")
	}
	login := page(t, consentPage).Form("/login", "")
	if err := login.Set("cpf", "52998224725"); err != nil {
		t.Fatal(err)
	}
	_, v, _ := login.submission("")
	if v.Get("cpf") != "52998224725" || v.Get("csrf") != "L" {
		t.Fatalf("login submits %v", v)
	}
}

func TestParseCallback(t *testing.T) {
	for _, c := range []struct {
		raw  string
		want Callback
	}{
		{"https://tpp/callback#code=c1&state=s1&id_token=j", Callback{Code: "c1", State: "s1", IDToken: "j"}},
		{"https://tpp/callback?code=c2&state=s2", Callback{Code: "c2", State: "s2"}},
		{"https://tpp/callback#error=access_denied&error_description=no&state=s3", Callback{State: "s3", Error: "access_denied", ErrorDescription: "no"}},
	} {
		got, err := ParseCallback(c.raw)
		if err != nil {
			t.Fatal(err)
		}
		got.Raw = ""
		if got != c.want {
			t.Errorf("%s: %+v, want %+v", c.raw, got, c.want)
		}
	}
	if _, err := ParseCallback("https://tpp/callback#%zz"); err == nil {
		t.Error("a malformed fragment parsed")
	}
}

// FuzzPage feeds the HTML reader the bank's pages: whatever the bank sends, reading forms, links
// and text never panics, and a submission only carries the form's own fields.
func FuzzPage(f *testing.F) {
	f.Add(consentPage, "account")
	f.Add(`<form action="/login"><input name=cpf><select name=s><option>x</select><button formaction="%zz">`, "cpf")
	f.Add(`<form action=":bad"><input type=checkbox name=a value=1 checked></form><a id=voltar href="%">`, "a")
	f.Add("", "")
	f.Fuzz(func(t *testing.T, body, name string) {
		u, _ := url.Parse("https://bank.example/p")
		p, err := parsePage(u, 200, []byte(body))
		if err != nil {
			return
		}
		p.Title()
		p.Heading()
		p.Text()
		p.LinkByID("voltar")
		for _, prefix := range []string{"/", "/login", "/consent/"} {
			if fm := p.Form(prefix, ""); fm != nil {
				fm.Check(name, fm.Choices(name)...)
				fm.Set(name, "v")
				fm.submission("")
			}
		}
	})
}

// FuzzParseCallback reads whatever URL the browser ends at without panicking.
func FuzzParseCallback(f *testing.F) {
	f.Add("https://tpp/callback#code=c&state=s&id_token=a.b.c")
	f.Add("https://tpp/callback?error=access_denied")
	f.Add("%")
	f.Fuzz(func(t *testing.T, raw string) {
		ParseCallback(raw)
	})
}
