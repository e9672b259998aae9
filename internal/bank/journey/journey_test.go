package journey_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/database/databasetest"
	"github.com/pquerna/otp/totp"
)

var dataPerms = []string{"ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "ACCOUNTS_TRANSACTIONS_READ", "CREDIT_CARDS_ACCOUNTS_READ",
	"CREDIT_CARDS_ACCOUNTS_BILLS_READ", "LOANS_READ", "CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ", "RESOURCES_READ"}

var pixPayment = map[string]any{"type": "PIX", "date": "2026-03-05", "currency": "BRL", "amount": "1234.56",
	"details": map[string]any{"localInstrument": "DICT", "proxy": "loja@exemplo.com.br"}}

func TestHappyDataSharingWithAccountChoice(t *testing.T) {
	for name, dbURL := range map[string]func(testing.TB) string{"sqlite": databasetest.SQLiteURL, "postgres": databasetest.PostgresURL} {
		t.Run(name, func(t *testing.T) {
			h := newHarnessOn(t, dbURL(t))
			h.plat.addConsent("urn:ifconnect:c1", anaCPF, "", dataPerms, nil)
			b := h.browser()
			b.start("urn:ifconnect:c1")
			b.mustSee("Você veio de <strong>Fintech Exemplo</strong>", "Open Banking")
			b.login(anaCPF, "", "senha-da-ana")
			b.mustStatus(http.StatusOK)
			b.mustSee("Confirme o compartilhamento de dados", "Saldos", "Extratos", "Faturas", "Dados do contrato", "Dados cadastrais",
				"CPF 123.456.789-09", "Fintech Exemplo", "12 meses, até 5 de março de 2027", "05/03/2026 às 11:07",
				"Conta corrente · Ag. 0001 · Conta 123456-7", "Cartão VISA final 4321", "Empréstimo nº 9001")
			flowPath := b.path()
			b.post(flowPath+"/confirm", url.Values{"account": {"acc-ana-1", "card-ana", "loan-ana"}})
			b.mustStatus(http.StatusOK)
			b.mustSee("Autorização concluída", "Voltar para Fintech Exemplo")
			if got := b.metaRefreshURL(); !strings.HasPrefix(got, tppCallback+"?code=code-int-1") {
				t.Fatalf("redirect to %q, want the platform's doConfirm Location", got)
			}
			p := h.plat.lastPatch()
			if p.p.Status != consentmgr.StatusAuthorised || p.p.PSUIdentifiers == nil || p.p.PSUIdentifiers.UserID != "u-ana" ||
				!slices.Equal(p.p.AccountIDs, []string{"acc-ana-1", "card-ana", "loan-ana"}) {
				t.Fatalf("PATCH = %+v", p.p)
			}
			if len(h.plat.confirms) != 1 || h.plat.confirms[0].Claims["openbanking_intent_id"] != "urn:ifconnect:c1" ||
				h.plat.confirms[0].Claims["acr"] != "urn:brasil:openbanking:loa2" {
				t.Fatalf("doConfirm = %+v", h.plat.confirms)
			}
			// A replayed confirmation is refused without a second PATCH or redirect.
			n := len(h.plat.patches)
			b.post(flowPath+"/confirm", url.Values{"account": {"acc-ana-1"}})
			b.mustStatus(http.StatusConflict)
			b.mustSee("já foi concluída")
			if len(h.plat.patches) != n || b.metaRefreshURL() != "" {
				t.Fatal("a replayed form reached the platform or redirected")
			}
		})
	}
}

func TestAuthOutcomes(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	resp := b.get("/auth?client_id=x&state=abc&outcome=redirect")
	if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != tppCallback+"?error=invalid_request&state=abc" {
		t.Fatalf("302: status %d Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp = b.get("/auth?client_id=x&outcome=bad")
	b.mustStatus(http.StatusBadRequest)
	b.mustSee("Pedido de autorização inválido")
	if resp.Header.Get("Location") != "" || b.metaRefreshURL() != "" {
		t.Fatal("a 400 from the platform must never redirect")
	}
	b.get("/auth?client_id=x&outcome=down")
	b.mustStatus(http.StatusBadGateway)
	b.mustSee("temporariamente indisponível")
	b.mustNotSee("503", "goroutine")
	// An unknown consent: the interaction is failed and the browser goes back with the error.
	b.get("/auth?client_id=x&consent=urn:ifconnect:nope")
	b.mustSee("A autorização pedida não foi encontrada.")
	if got := b.metaRefreshURL(); !strings.Contains(got, "error=invalid_request") {
		t.Fatalf("unknown consent: redirect %q", got)
	}
}

func TestRefusal(t *testing.T) {
	h := newHarness(t)
	h.plat.addConsent("urn:ifconnect:c2", anaCPF, "", dataPerms, nil)
	b := h.browser()
	b.start("urn:ifconnect:c2")
	b.login(anaCPF, "", "senha-da-ana")
	b.post(b.path()+"/refuse", nil)
	b.mustSee("Autorização recusada", "Nenhum dado foi compartilhado")
	if got := b.metaRefreshURL(); !strings.Contains(got, "error=access_denied") {
		t.Fatalf("redirect %q", got)
	}
	if h.plat.consent("urn:ifconnect:c2").ConsentBody.Data.Status != consentmgr.StatusRejected {
		t.Fatal("the refused consent must be Rejected")
	}
}

func TestCPFMismatchRejectsAndFails(t *testing.T) {
	h := newHarness(t)
	h.plat.addConsent("urn:ifconnect:c3", otherCPF, "", dataPerms, nil)
	b := h.browser()
	b.start("urn:ifconnect:c3")
	b.login(anaCPF, "", "senha-da-ana")
	b.mustSee("para outra pessoa")
	b.mustNotSee(otherCPF[3:9], core.FormatCPF(otherCPF))
	if got := b.metaRefreshURL(); !strings.Contains(got, "error=access_denied") {
		t.Fatalf("redirect %q", got)
	}
	if h.plat.consent("urn:ifconnect:c3").ConsentBody.Data.Status != consentmgr.StatusRejected {
		t.Fatal("a consent for another person must be Rejected")
	}
}

func TestWrongPasswordThenThrottle(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	b.get("/login")
	for range 4 {
		b.login(anaCPF, "", "errada")
		b.mustStatus(http.StatusUnauthorized)
		b.mustSee("Os dados de acesso não conferem.")
	}
	// An unknown CPF reads exactly like a wrong password.
	b.login(otherCPF, "", "qualquer")
	b.mustStatus(http.StatusUnauthorized)
	b.mustSee("Os dados de acesso não conferem.")
	b.login(anaCPF, "", "errada")
	b.mustStatus(http.StatusUnauthorized)
	b.mustSee("bloqueado temporariamente", "15 minutos")
	// Locked: even the right password is not checked.
	b.login(anaCPF, "", "senha-da-ana")
	b.mustStatus(http.StatusTooManyRequests)
	h.clock.Advance(16 * time.Minute)
	b.get("/login") // the idle session ended too: a fresh form
	b.login(anaCPF, "", "senha-da-ana")
	b.mustStatus(http.StatusOK)
	b.mustSee("Open Banking", "Olá, Ana")
}

func TestThrottlePerAddress(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	b.get("/login")
	for i := range 20 {
		b.login(core.CompleteCPF(fmt.Sprintf("%09d", 300000000+i*7919)), "", "x")
	}
	b.login(anaCPF, "", "senha-da-ana")
	b.mustStatus(http.StatusTooManyRequests)
}

func TestTOTP(t *testing.T) {
	for name, dbURL := range map[string]func(testing.TB) string{"sqlite": databasetest.SQLiteURL, "postgres": databasetest.PostgresURL} {
		t.Run(name, func(t *testing.T) {
			h := newHarnessOn(t, dbURL(t))
			h.plat.addConsent("urn:ifconnect:c4", brunoCPF, "", dataPerms, nil)
			b := h.browser()
			b.start("urn:ifconnect:c4")
			b.login(brunoCPF, "", "senha-do-bruno")
			b.mustSee("Confirme sua identidade")
			b.post("/login/otp", url.Values{"code": {"000000"}})
			b.mustStatus(http.StatusUnauthorized)
			b.mustSee("O código não confere")
			code, err := totp.GenerateCode(brunoTOTP, h.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			b.post("/login/otp", url.Values{"code": {code}})
			b.mustStatus(http.StatusOK)
			b.mustSee("Confirme o compartilhamento de dados", "Conta 111111-1")
			// The same code does not log in twice, even in another browser.
			other := h.browser()
			other.get("/login")
			other.login(brunoCPF, "", "senha-do-bruno")
			other.post("/login/otp", url.Values{"code": {code}})
			other.mustStatus(http.StatusUnauthorized)
			b.post(b.path()+"/confirm", url.Values{"account": {"acc-bruno"}})
			b.mustSee("Autorização concluída")
			if h.plat.confirms[0].Claims["acr"] != "urn:brasil:openbanking:loa3" {
				t.Fatalf("a TOTP login is LoA3: %+v", h.plat.confirms[0].Claims)
			}
		})
	}
}

func TestBadForms(t *testing.T) {
	h := newHarness(t)
	h.plat.addConsent("urn:ifconnect:c5", anaCPF, "", dataPerms, nil)
	b := h.browser()
	b.start("urn:ifconnect:c5")
	b.login(anaCPF, "", "senha-da-ana")
	flowPath := b.path()
	// Missing and forged CSRF tokens.
	b.post(flowPath+"/confirm", url.Values{"csrf": {""}, "account": {"acc-ana-1"}})
	b.mustStatus(http.StatusForbidden)
	b.post(flowPath+"/confirm", url.Values{"csrf": {"forged"}, "account": {"acc-ana-1"}})
	b.mustStatus(http.StatusForbidden)
	b.get(flowPath)
	// Another customer's account, or nothing chosen.
	b.post(flowPath+"/confirm", url.Values{"account": {"acc-bruno"}})
	b.mustStatus(http.StatusUnprocessableEntity)
	b.mustSee("não corresponde às opções")
	b.post(flowPath+"/confirm", nil)
	b.mustStatus(http.StatusUnprocessableEntity)
	b.mustSee("Escolha ao menos uma")
	if len(h.plat.patches) != 0 {
		t.Fatal("a bad form reached the consent manager")
	}
	// Another browser cannot use this flow.
	other := h.browser()
	other.get(flowPath)
	other.mustStatus(http.StatusNotFound)
	// Unknown flows and pages.
	b.get("/consent/NOPE")
	b.mustStatus(http.StatusNotFound)
	b.get("/nothing-here")
	b.mustStatus(http.StatusNotFound)
}

func TestExpiredInteraction(t *testing.T) {
	h := newHarness(t)
	h.plat.addConsent("urn:ifconnect:c6", anaCPF, "", dataPerms, nil)
	b := h.browser()
	b.start("urn:ifconnect:c6")
	b.login(anaCPF, "", "senha-da-ana")
	h.clock.Advance(11 * time.Minute)
	b.post(b.path()+"/confirm", url.Values{"account": {"acc-ana-1"}})
	b.mustSee("Tempo esgotado")
	if got := b.metaRefreshURL(); !strings.Contains(got, "error=access_denied") {
		t.Fatalf("redirect %q", got)
	}
}

func TestPlatformFailureDuringJourney(t *testing.T) {
	h := newHarness(t)
	h.plat.addConsent("urn:ifconnect:c7", anaCPF, "", dataPerms, nil)
	b := h.browser()
	b.start("urn:ifconnect:c7")
	h.plat.mu.Lock()
	h.plat.consentErr = core.Errorf(core.EUNAVAILABLE, "consent manager answered 503")
	h.plat.mu.Unlock()
	b.login(anaCPF, "", "senha-da-ana")
	b.mustSee("temporariamente indisponível")
	if got := b.metaRefreshURL(); !strings.Contains(got, "error=temporarily_unavailable") {
		t.Fatalf("redirect %q", got)
	}
}

func TestPaymentConfirmation(t *testing.T) {
	h := newHarness(t)
	h.plat.addConsent("urn:ifconnect:p1", anaCPF, "", nil, pixPayment)
	b := h.browser()
	b.start("urn:ifconnect:p1")
	b.login(anaCPF, "", "senha-da-ana")
	b.mustSee("Confirme o pagamento", "R$ 1.234,56", "Loja Exemplo Ltda", "CNPJ 11.222.333/0001-81", "loja@exemplo.com.br", "05/03/2026",
		"Conta de débito", `type="radio"`)
	b.mustNotSee("Cartão VISA")
	confirm := b.path() + "/confirm"
	b.post(confirm, url.Values{"account": {"acc-ana-1", "acc-ana-2"}})
	b.mustStatus(http.StatusUnprocessableEntity)
	b.post(confirm, url.Values{"account": {"card-ana"}})
	b.mustStatus(http.StatusUnprocessableEntity)
	b.post(confirm, url.Values{"account": {"acc-ana-2"}})
	b.mustSee("Você autorizou o pagamento")
	if p := h.plat.lastPatch(); !slices.Equal(p.p.AccountIDs, []string{"acc-ana-2"}) {
		t.Fatalf("PATCH accountIds %v", p.p.AccountIDs)
	}
}

func TestDualApproval(t *testing.T) {
	h := newHarness(t)
	h.plat.addConsent("urn:ifconnect:b1", carlaCPF, padariaCN, dataPerms, nil)
	carla := h.browser()
	carla.start("urn:ifconnect:b1")
	carla.login(carlaCPF, padariaCN, "senha-da-carla")
	carla.mustSee("Padaria Exemplo Ltda", "CNPJ "+core.FormatCNPJ(padariaCN), "precisa de dois representantes", "Carla Dias")
	flowPath := carla.path()
	carla.post(flowPath+"/confirm", url.Values{"account": {"acc-padaria"}})
	carla.mustSee("Aguardando a segunda aprovação")
	if st := h.plat.consent("urn:ifconnect:b1").ConsentBody.Data.Status; st != consentmgr.StatusAwaitingAuthorisation || len(h.plat.confirms) != 0 {
		t.Fatalf("after the first approval the consent is %s with %d confirms", st, len(h.plat.confirms))
	}
	// The initiator cannot approve their own consent.
	carla2 := h.browser()
	carla2.get("/login")
	carla2.login(carlaCPF, "", "senha-da-carla")
	carla2.mustNotSee("Aprovações pendentes")

	diego := h.browser()
	diego.get("/login")
	diego.login(diegoCPF, "", "senha-do-diego")
	diego.mustSee("Aprovações pendentes", "Fintech Exemplo — Padaria Exemplo Ltda")
	diego.get("/open-banking/approvals/urn:ifconnect:b1")
	diego.mustSee("Aprovação em dupla", "Carla Dias em 05/03/2026", "Conta PJ", "checked", "disabled")
	diego.post("/open-banking/approvals/urn:ifconnect:b1/approve", nil)
	diego.mustSee("Aprovação registrada")
	c := h.plat.consent("urn:ifconnect:b1")
	if c.ConsentBody.Data.Status != consentmgr.StatusAuthorised || c.PSUIdentifiers.UserID != "u-carla" || !slices.Equal(c.AccountIDs, []string{"acc-padaria"}) {
		t.Fatalf("after the second approval: %+v %+v", c.ConsentBody.Data.Status, c.PSUIdentifiers)
	}
	// Replay of the approval.
	diego.post("/open-banking/approvals/urn:ifconnect:b1/approve", nil)
	diego.mustStatus(http.StatusConflict)

	carla.get(flowPath + "/waiting")
	carla.mustSee("Autorização concluída")
	if got := carla.metaRefreshURL(); !strings.Contains(got, "code=") {
		t.Fatalf("the initiator must be sent back with the code: %q", got)
	}
}

func TestDualApprovalDeadline(t *testing.T) {
	h := newHarness(t)
	h.plat.addConsent("urn:ifconnect:b2", carlaCPF, padariaCN, dataPerms, nil)
	carla := h.browser()
	carla.start("urn:ifconnect:b2")
	carla.login(carlaCPF, padariaCN, "senha-da-carla")
	flowPath := carla.path()
	carla.post(flowPath+"/confirm", url.Values{"account": {"acc-padaria"}})
	h.clock.Advance(10*time.Minute + time.Second)
	carla.get(flowPath + "/waiting")
	carla.mustSee("prazo para a aprovação")
	if got := carla.metaRefreshURL(); !strings.Contains(got, "error=access_denied") {
		t.Fatalf("redirect %q", got)
	}
	if st := h.plat.consent("urn:ifconnect:b2").ConsentBody.Data.Status; st != consentmgr.StatusRejected {
		t.Fatalf("status %s", st)
	}
}

func TestDualApprovalDeadlineEndedBySweepWithoutAnyPageOpened(t *testing.T) {
	h := newHarness(t)
	h.plat.addConsent("urn:ifconnect:b3", carlaCPF, padariaCN, dataPerms, nil)
	carla := h.browser()
	carla.start("urn:ifconnect:b3")
	carla.login(carlaCPF, padariaCN, "senha-da-carla")
	carla.post(carla.path()+"/confirm", url.Values{"account": {"acc-padaria"}})
	carla.mustSee("Aguardando a segunda aprovação")

	if _, err := h.server.Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st := h.plat.consent("urn:ifconnect:b3").ConsentBody.Data.Status; st != consentmgr.StatusAwaitingAuthorisation {
		t.Fatalf("before the deadline the sweep must leave the consent waiting, got %s", st)
	}
	h.clock.Advance(10*time.Minute + time.Second)
	if _, err := h.server.Sweep(context.Background()); err != nil {
		t.Fatal(err)
	}
	if st := h.plat.consent("urn:ifconnect:b3").ConsentBody.Data.Status; st != consentmgr.StatusRejected {
		t.Fatalf("at the deadline the sweep must reject the consent, got %s", st)
	}
	if len(h.plat.fails) != 1 {
		t.Fatalf("at the deadline the sweep must fail the interaction once, got %d doFail calls", len(h.plat.fails))
	}
	// A second sweep does nothing more.
	if _, err := h.server.Sweep(context.Background()); err != nil || len(h.plat.fails) != 1 {
		t.Fatalf("a second sweep must not fail the interaction again: %d doFail calls, %v", len(h.plat.fails), err)
	}
}

func TestOpenBankingAreaAndRevoke(t *testing.T) {
	h := newHarness(t)
	now := h.clock.Now()
	authorise := func(id string, expires time.Time, user string, st consentmgr.Status) {
		h.plat.addConsent(id, "", "", dataPerms, nil)
		h.plat.setConsent(id, func(c *consentmgr.ConsentGetResponse) {
			c.PSUIdentifiers = &consentmgr.PSUIdentifiers{UserID: user}
			c.AccountIDs = []string{"acc-ana-1", "loan-ana"}
			c.ConsentBody.Data.Status, c.ConsentBody.Data.ExpirationDateTime = st, expires
			c.TPP.TPPName = "TPP " + id[len(id)-1:]
		})
	}
	authorise("urn:ifconnect:a", now.AddDate(0, 6, 0), "u-ana", consentmgr.StatusAuthorised)
	authorise("urn:ifconnect:b", now.AddDate(0, 2, 0), "u-ana", consentmgr.StatusAuthorised)
	authorise("urn:ifconnect:c", now.AddDate(0, -1, 0), "u-ana", consentmgr.StatusAuthorised)
	authorise("urn:ifconnect:d", now.AddDate(1, 0, 0), "u-ana", consentmgr.StatusRevoked)
	authorise("urn:ifconnect:e", now.AddDate(1, 0, 0), "u-bruno", consentmgr.StatusAuthorised)

	b := h.browser()
	b.get("/open-banking")
	if b.path() != "/login" {
		t.Fatalf("the area needs a login; at %s", b.url)
	}
	b.login(anaCPF, "", "senha-da-ana")
	b.mustSee("Ativas", "Encerradas", "Expirado", "Revogado")
	ib, ia, ic := strings.Index(b.body, "TPP b"), strings.Index(b.body, "TPP a"), strings.Index(b.body, "TPP c")
	if !(ib < ia && ia < ic) {
		t.Fatalf("order: b %d a %d c %d (active soonest-to-expire first, then closed)", ib, ia, ic)
	}
	b.mustNotSee("TPP e")
	b.get("/open-banking/consents/urn:ifconnect:a")
	b.mustSee("Autorização para TPP a", "Conta corrente · Ag. 0001", "Empréstimo nº 9001", "Histórico", "Revogar esta autorização")
	// Someone else's consent and an unknown one read the same.
	b.get("/open-banking/consents/urn:ifconnect:e")
	b.mustStatus(http.StatusNotFound)
	b.get("/open-banking/consents/urn:ifconnect:zzz")
	b.mustStatus(http.StatusNotFound)

	b.get("/open-banking/consents/urn:ifconnect:a")
	b.post("/open-banking/revoke", url.Values{"consent": {"urn:ifconnect:a", "urn:ifconnect:b"}})
	b.mustSee("Esta ação não pode ser desfeita", "TPP a", "TPP b")
	b.post("/open-banking/revoke/confirm", url.Values{"consent": {"urn:ifconnect:a", "urn:ifconnect:b"}})
	b.mustStatus(http.StatusUnprocessableEntity)
	b.post("/open-banking/revoke/confirm", url.Values{"consent": {"urn:ifconnect:a", "urn:ifconnect:b", "urn:ifconnect:e"}, "understood": {"yes"}})
	b.mustSee("Comprovante de revogação", "REV-20260305-", "TPP a", "TPP b", "Autorização não encontrada.")
	for _, id := range []string{"urn:ifconnect:a", "urn:ifconnect:b"} {
		c := h.plat.consent(id)
		if c.ConsentBody.Data.Status != consentmgr.StatusRevoked {
			t.Fatalf("%s is %s", id, c.ConsentBody.Data.Status)
		}
		last := c.ConsentBody.History[len(c.ConsentBody.History)-1]
		var rev map[string]string
		json.Unmarshal(last.SupplementaryInformation["revocation"], &rev)
		if !strings.HasPrefix(rev["receipt"], "REV-") || rev["revokedBy"] != "u-ana" {
			t.Fatalf("history of %s lacks the receipt: %+v", id, last)
		}
	}
	if st := h.plat.consent("urn:ifconnect:e").ConsentBody.Data.Status; st != consentmgr.StatusAuthorised {
		t.Fatal("another customer's consent was revoked")
	}
	b.get("/open-banking/consents/urn:ifconnect:a")
	b.mustSee("Revogado por você no internet banking. Protocolo REV-")
	b.mustNotSee("Revogar esta autorização")
}

func TestSecurityHeadersAndCookie(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	resp := b.get("/login")
	for k, want := range map[string]string{
		"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
	} {
		if got := resp.Header.Get(k); got != want {
			t.Errorf("%s = %q, want %q", k, got, want)
		}
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "script-src") {
		t.Errorf("CSP %q", csp)
	}
	var found bool
	for _, c := range resp.Cookies() {
		if c.Name == "__Host-ifconnect-session" {
			found = true
			if !c.HttpOnly || !c.Secure || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
				t.Errorf("cookie %+v", c)
			}
		}
	}
	if !found {
		t.Error("no session cookie")
	}
	b.get("/static/style.css")
	b.mustStatus(http.StatusOK)
	// Logging out ends the session server-side.
	b.login(anaCPF, "", "senha-da-ana")
	b.mustSee("Olá, Ana")
	b.post("/logout", nil)
	b.get("/open-banking")
	if b.path() != "/login" {
		t.Fatalf("after logout at %s", b.url)
	}
}

func TestSessionSurvivesAnotherReplica(t *testing.T) {
	// Two servers over one database: a journey started on one continues on the other.
	h := newHarness(t)
	h.plat.addConsent("urn:ifconnect:r1", anaCPF, "", dataPerms, nil)
	b := h.browser()
	b.start("urn:ifconnect:r1")
	b.login(anaCPF, "", "senha-da-ana")
	b.mustSee("Confirme o compartilhamento")
	flowPath := b.path()
	h2 := h.replica()
	b.h = h2
	b.get(flowPath)
	b.mustSee("Confirme o compartilhamento")
}

func TestDoConfirmFailureShowsErrorWithoutRedirect(t *testing.T) {
	h := newHarness(t)
	h.plat.addConsent("urn:ifconnect:c8", anaCPF, "", dataPerms, nil)
	b := h.browser()
	b.start("urn:ifconnect:c8")
	b.login(anaCPF, "", "senha-da-ana")
	// The interaction dies at the platform (expired there, or completed elsewhere) before the customer
	// confirms: doConfirm and doFail both fail, so there is no Location to follow.
	h.plat.mu.Lock()
	for _, it := range h.plat.interactions {
		it.open = false
	}
	h.plat.mu.Unlock()
	b.post(b.path()+"/confirm", url.Values{"account": {"acc-ana-1"}})
	b.mustStatus(http.StatusOK)
	b.mustSee("Não foi possível concluir", "Volte ao aplicativo ou site de Fintech Exemplo")
	if b.metaRefreshURL() != "" || strings.Contains(b.body, tppCallback) {
		t.Fatal("no Location from the platform, so no redirect")
	}
	if st := h.plat.consent("urn:ifconnect:c8").ConsentBody.Data.Status; st != consentmgr.StatusRevoked {
		t.Fatalf("a consent whose interaction could not be confirmed must not stay active: %s", st)
	}
}

func TestSweep(t *testing.T) {
	h := newHarness(t)
	b := h.browser()
	b.get("/login")
	b.login(anaCPF, "", "errada")
	b.login(anaCPF, "", "senha-da-ana")
	b.mustSee("Olá, Ana")
	n, err := h.server.Sweep(context.Background())
	if err != nil || n != 0 {
		t.Fatalf("nothing is stale yet: removed %d, %v", n, err)
	}
	h.clock.Advance(time.Hour)
	// The session (idle 15 minutes) and the address's failure counter (15-minute window) are stale.
	if n, err = h.server.Sweep(context.Background()); err != nil || n != 2 {
		t.Fatalf("removed %d, %v; want the session and one counter", n, err)
	}
	b.get("/open-banking")
	if b.path() != "/login" {
		t.Fatalf("a swept session must log out: at %s", b.url)
	}
}
