package journeytest

import (
	"context"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
)

// browseDataSharingInEnglish is the data-sharing journey of a customer whose browser prefers
// English: every page speaks English and says so in <html lang>, and the switch to Portuguese is
// on each of them.
func browseDataSharingInEnglish(e *env) {
	t := e.t
	ana := e.user("ana")
	id := e.lodge(consentmgr.TypeAccountAccess, dataConsent(ana.CPF, "", sharingPerms...))
	b := e.browserIn(desktop, "en-US,en")

	e.open(b, "entry", e.authURL(id, "openid accounts credit-cards-accounts loans customers resources"), "#cpf")
	mustBeEnglish(e, b)
	e.mustSee(b, "You came from Fintech Exemplo", "Sign in to your account", "Português")
	e.shot(b, "entry-en")
	e.login(b, ana.CPF, "", ana.Password, "#confirmar")
	mustBeEnglish(e, b)
	e.mustSee(b, "Confirm data sharing", "Data that will be shared", "Balances", "Statements", "Credit card",
		"Credit operations", "Registration data", "Fintech Exemplo", "12 months, until", "Accounts", "Credit cards",
		"Confirm sharing", "Refuse and go back")
	e.shot(b, "confirmation-en")
	e.run(b, "choose account", chromedp.Click(chromedp.CSS(`input[value="`+ana.AccountIDs[0]+`"]`)))
	e.click(b, "confirm", "#confirmar", "#voltar")
	mustBeEnglish(e, b)
	e.mustSee(b, "Authorisation complete", "You authorised sharing the chosen data.", "Back to Fintech Exemplo")
	e.shot(b, "notice-en")
	if loc := e.backAtTPP(b); !strings.Contains(loc, "code=") {
		t.Fatalf("back at the TPP without a code: %s", loc)
	}
	if c := e.consent(id); c.Status != consentmgr.StatusAuthorised || strings.Join(c.AccountIDs, ",") != ana.AccountIDs[0] {
		t.Fatalf("consent after an English confirmation: %s %v", c.Status, c.AccountIDs)
	}
}

// mustBeEnglish checks the page declares itself English and shows no unknown message ID.
func mustBeEnglish(e *env, b context.Context) {
	e.t.Helper()
	ctx, cancel := context.WithTimeout(b, 10*time.Second)
	defer cancel()
	lang, err := chromedp.Run(ctx, chromedp.Evaluate[string]("document.documentElement.lang"))
	if err != nil || lang != "en" {
		e.shot(b, "not-english")
		e.t.Fatalf("page %s has lang %q (%v), want en", e.location(b), lang, err)
	}
	if body := e.text(b); strings.Contains(body, "⟦") {
		e.t.Fatalf("page %s shows an unknown message:\n%s", e.location(b), body)
	}
}
