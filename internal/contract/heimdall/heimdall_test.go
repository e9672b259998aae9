package heimdall

import (
	"encoding/json"
	"net/url"
	"reflect"
	"testing"
	"time"
)

func TestParamsRoundTripKeepsExtra(t *testing.T) {
	in := `{"client_id":"c1","response_type":"code id_token","scope":"openid accounts","scopes":["openid","accounts"],` +
		`"aud":"https://as","exp":1617649685,"claims":{"id_token":{"openbanking_intent_id":{"value":"urn:x:1","essential":true}}}}`
	var p Params
	if err := json.Unmarshal([]byte(in), &p); err != nil {
		t.Fatal(err)
	}
	if p.ConsentID() != "urn:x:1" || p.Extra["aud"] != "https://as" {
		t.Fatalf("decoded %+v", p)
	}
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	var a, b map[string]any
	json.Unmarshal([]byte(in), &a)
	json.Unmarshal(out, &b)
	if !reflect.DeepEqual(a, b) {
		t.Fatalf("round trip changed the params:\n in %v\nout %v", a, b)
	}
}

func TestConfirmForm(t *testing.T) {
	c := Confirm{Claims: map[string]string{"sub": "u1"}, SuppressRefreshToken: true, AccessTokenValidity: 5 * time.Minute}
	got, err := ParseConfirm(c.Form())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, c) {
		t.Fatalf("got %+v, want %+v", got, c)
	}
	for name, form := range map[string]url.Values{
		"bad bool":        {FieldSuppressRefreshToken: {"yes"}},
		"negative":        {FieldAccessTokenValidity: {"-1"}},
		"not a number":    {FieldRefreshTokenValidity: {"1h"}},
		"unknown control": {"heimdall.other": {"1"}},
		"repeated":        {"sub": {"a", "b"}},
	} {
		if _, err := ParseConfirm(form); err == nil {
			t.Errorf("%s: accepted %v", name, form)
		}
	}
}

func TestParseFail(t *testing.T) {
	f, err := ParseFail(url.Values{})
	if err != nil || f.Error != "access_denied" {
		t.Fatalf("default: %+v %v", f, err)
	}
	if _, err := ParseFail(url.Values{"error": {"bad code"}}); err == nil {
		t.Fatal("accepted an error code with a space")
	}
	if _, err := ParseFail(url.Values{"error": {"access_denied"}, "error_description": {"quote \" here"}}); err == nil {
		t.Fatal("accepted a description with a double quote")
	}
}

func FuzzParseConfirm(f *testing.F) {
	f.Add("sub=u1&heimdall.accessTokenValidity=300")
	f.Add("heimdall.suppressRefreshToken=maybe")
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		c, err := ParseConfirm(form)
		if err != nil {
			return
		}
		if _, err := ParseConfirm(c.Form()); err != nil {
			t.Fatalf("re-parse of %v failed: %v", c.Form(), err)
		}
	})
}
