package journeytest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"github.com/ifconnect/ifconnect/internal/contract/consentmgr"
	"github.com/ifconnect/ifconnect/internal/platform/consents"
)

// Viewport widths: a phone and a desktop.
const (
	phone   = 390
	desktop = 1280
)

// TestBrowserJourneys runs every journey in one sandbox, each in its own browser with its own
// screenshots: the platform and the seeded bank are built once.
func TestBrowserJourneys(t *testing.T) {
	e := newEnv(t)
	for _, j := range []struct {
		name string
		run  func(*env)
	}{
		{"DataSharingWithAccountChoice", browseDataSharingWithAccountChoice},
		{"Refusal", browseRefusal},
		{"CPFMismatch", browseCPFMismatch},
		{"WrongPasswordThenThrottling", browseWrongPasswordThenThrottling},
		{"SecondFactor", browseSecondFactor},
		{"PaymentConfirmation", browsePaymentConfirmation},
		{"DualApproval", browseDualApproval},
		{"RevokeFromOpenBankingArea", browseRevokeFromOpenBankingArea},
		{"DataSharingInEnglish", browseDataSharingInEnglish},
	} {
		t.Run(j.name, func(t *testing.T) { j.run(e.sub(t)) })
	}
}

var sharingPerms = []string{"ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "ACCOUNTS_TRANSACTIONS_READ", "CREDIT_CARDS_ACCOUNTS_READ",
	"CREDIT_CARDS_ACCOUNTS_LIMITS_READ", "LOANS_READ", "LOANS_PAYMENTS_READ", "CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ", "RESOURCES_READ"}

func browseDataSharingWithAccountChoice(e *env) {
	t := e.t
	ana := e.user("ana")
	id := e.lodge(consentmgr.TypeAccountAccess, dataConsent(ana.CPF, "", sharingPerms...))
	b := e.browser(phone)

	e.open(b, "entry", e.authURL(id, "openid accounts credit-cards-accounts loans customers resources"), "#cpf")
	e.mustSee(b, "Você veio de Fintech Exemplo", "Acesse sua conta")
	e.shot(b, "entry")
	e.login(b, ana.CPF, "", ana.Password, "#confirmar")
	e.mustSee(b, "Confirme o compartilhamento de dados", "Saldos", "Extratos", "Cartão de crédito", "Operações de crédito",
		"Dados cadastrais", "Fintech Exemplo", "12 meses", "Contas", "Cartões de crédito")
	e.shot(b, "confirmation")
	e.run(b, "choose account and card",
		chromedp.Click(chromedp.CSS(`input[value="`+ana.AccountIDs[0]+`"]`)),
		chromedp.Click(chromedp.CSS(`input[value="`+ana.CardIDs[0]+`"]`)))
	e.shot(b, "chosen")
	e.click(b, "confirm", "#confirmar", "#voltar")
	e.mustSee(b, "Autorização concluída")
	e.shot(b, "notice")
	if loc := e.backAtTPP(b); !strings.Contains(loc, "code=") || !strings.Contains(loc, "state=") {
		t.Fatalf("back at the TPP without a code: %s", loc)
	}
	c := e.consent(id)
	if c.Status != consentmgr.StatusAuthorised || c.PSU == nil || c.PSU.UserID != ana.UserID ||
		strings.Join(c.AccountIDs, ",") != ana.AccountIDs[0]+","+ana.CardIDs[0] {
		t.Fatalf("consent after confirmation: %s %+v %v", c.Status, c.PSU, c.AccountIDs)
	}
}

func browseRefusal(e *env) {
	t := e.t
	ana := e.user("ana")
	id := e.lodge(consentmgr.TypeAccountAccess, dataConsent(ana.CPF, "", sharingPerms...))
	b := e.browser(desktop)
	e.open(b, "entry", e.authURL(id, "openid accounts"), "#cpf")
	e.login(b, ana.CPF, "", ana.Password, "#recusar")
	e.shot(b, "confirmation")
	e.click(b, "refuse", "#recusar", "#voltar")
	e.mustSee(b, "Autorização recusada", "Nenhum dado foi compartilhado")
	e.shot(b, "refused")
	if loc := e.backAtTPP(b); !strings.Contains(loc, "error=access_denied") {
		t.Fatalf("back at the TPP without access_denied: %s", loc)
	}
	if c := e.consent(id); c.Status != consentmgr.StatusRejected {
		t.Fatalf("refused consent is %s", c.Status)
	}
}

func browseCPFMismatch(e *env) {
	t := e.t
	ana, bruno := e.user("ana"), e.user("bruno")
	id := e.lodge(consentmgr.TypeAccountAccess, dataConsent(bruno.CPF, "", sharingPerms...))
	b := e.browser(phone)
	e.open(b, "entry", e.authURL(id, "openid accounts"), "#cpf")
	e.login(b, ana.CPF, "", ana.Password, "#voltar")
	e.mustSee(b, "para outra pessoa", "o pedido foi cancelado")
	e.shot(b, "mismatch")
	if loc := e.backAtTPP(b); !strings.Contains(loc, "error=access_denied") {
		t.Fatalf("back at the TPP without access_denied: %s", loc)
	}
	if c := e.consent(id); c.Status != consentmgr.StatusRejected {
		t.Fatalf("consent for another person is %s", c.Status)
	}
}

func browseWrongPasswordThenThrottling(e *env) {
	// Eduardo, whom no other journey uses: his CPF stays locked afterwards.
	ed := e.user("eduardo")
	b := e.browser(desktop)
	e.open(b, "login page", e.bankWeb+"/login", "#cpf")
	for i := range 5 {
		e.run(b, "clear", chromedp.Clear(chromedp.ID("cpf")))
		e.login(b, ed.CPF, "", "senha-errada", "#erro-login")
		if i == 0 {
			e.mustSee(b, "Os dados de acesso não conferem.")
			e.shot(b, "wrong-password")
		}
	}
	e.mustSee(b, "bloqueado temporariamente")
	e.run(b, "clear", chromedp.Clear(chromedp.ID("cpf")))
	e.login(b, ed.CPF, "", ed.Password, "#erro-login")
	e.mustSee(b, "bloqueado temporariamente", "Tente de novo em 15 minutos")
	e.shot(b, "locked")
}

func browseSecondFactor(e *env) {
	t := e.t
	bruno := e.user("bruno")
	if bruno.TOTPSecret == "" {
		t.Fatal("demo user bruno must have a second factor")
	}
	id := e.lodge(consentmgr.TypeAccountAccess, dataConsent(bruno.CPF, "", "ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ", "RESOURCES_READ"))
	b := e.browser(phone)
	e.open(b, "entry", e.authURL(id, "openid accounts"), "#cpf")
	e.login(b, bruno.CPF, "", bruno.Password, "#codigo")
	e.mustSee(b, "Confirme sua identidade", "código de 6 dígitos")
	e.shot(b, "second-factor")
	code, err := totp.GenerateCode(bruno.TOTPSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	e.run(b, "type the code", chromedp.SendKeys(chromedp.ID("codigo"), code))
	e.click(b, "submit the code", `form[action="/login/otp"] button[type=submit]`, "#confirmar")
	e.mustSee(b, "Confirme o compartilhamento de dados", "Saldos")
	e.shot(b, "confirmation")
	e.run(b, "choose account", chromedp.Click(chromedp.CSS(`input[name="account"]`)))
	e.click(b, "confirm", "#confirmar", "#voltar")
	if loc := e.backAtTPP(b); !strings.Contains(loc, "code=") {
		t.Fatalf("back at the TPP without a code: %s", loc)
	}
	if c := e.consent(id); c.Status != consentmgr.StatusAuthorised || c.PSU == nil || c.PSU.UserID != bruno.UserID {
		t.Fatalf("consent after a TOTP login: %s %+v", c.Status, c.PSU)
	}
}

func browsePaymentConfirmation(e *env) {
	t := e.t
	ana := e.user("ana")
	id := e.lodge(consentmgr.TypeDomesticPayment, map[string]any{
		"loggedUser": map[string]any{"document": map[string]any{"identification": ana.CPF, "rel": "CPF"}},
		"creditor":   map[string]any{"personType": "PESSOA_JURIDICA", "cpfCnpj": "11222333000181", "name": "Eletro Shindi Ltda"},
		"payment": map[string]any{"type": "PIX", "date": time.Now().Format("2006-01-02"), "currency": "BRL", "amount": "1000.00",
			"details": map[string]any{"localInstrument": "DICT", "proxy": "vendas@eletroshindi.com.br"}},
	})
	b := e.browser(phone)
	e.open(b, "entry", e.authURL(id, "openid payments"), "#cpf")
	e.login(b, ana.CPF, "", ana.Password, "#confirmar")
	e.mustSee(b, "Confirme o pagamento", "R$ 1.000,00", "Eletro Shindi Ltda", "CNPJ 11.222.333/0001-81", "vendas@eletroshindi.com.br",
		"De qual conta sai o pagamento?", "não poderá ser cancelado")
	e.shot(b, "payment")
	e.run(b, "choose debtor account", chromedp.Click(chromedp.CSS(`input[value="`+ana.AccountIDs[0]+`"]`)))
	e.click(b, "confirm payment", "#confirmar", "#voltar")
	e.mustSee(b, "Você autorizou o pagamento")
	e.shot(b, "notice")
	if loc := e.backAtTPP(b); !strings.Contains(loc, "code=") {
		t.Fatalf("back at the TPP without a code: %s", loc)
	}
	c := e.consent(id)
	if c.Status != consentmgr.StatusAuthorised || strings.Join(c.AccountIDs, ",") != ana.AccountIDs[0] {
		t.Fatalf("payment consent: %s %v", c.Status, c.AccountIDs)
	}
}

func browseDualApproval(e *env) {
	t := e.t
	carla, diego := e.user("carla"), e.user("diego")
	if carla.Business == nil || !carla.Business.DualApproval {
		t.Fatalf("demo user carla must represent a dual-approval company: %+v", carla.Business)
	}
	id := e.lodge(consentmgr.TypeAccountAccess, dataConsent(carla.CPF, carla.Business.CNPJ, "ACCOUNTS_READ", "ACCOUNTS_BALANCES_READ",
		"ACCOUNTS_TRANSACTIONS_READ", "CUSTOMERS_BUSINESS_IDENTIFICATIONS_READ", "RESOURCES_READ"))

	first := e.browser(desktop)
	e.open(first, "entry", e.authURL(id, "openid accounts customers"), "#cpf")
	e.login(first, carla.CPF, carla.Business.CNPJ, carla.Password, "#confirmar")
	e.mustSee(first, carla.Business.Name, "precisa de dois representantes", "Representante")
	e.shot(first, "first-representative")
	e.run(first, "choose company account", chromedp.Click(chromedp.CSS(`input[name="account"]`)))
	e.click(first, "first confirmation", "#confirmar", "#aprovacoes")
	e.mustSee(first, "Aguardando a segunda aprovação", "Iniciado por")
	e.shot(first, "waiting")
	if c := e.consent(id); c.Status != consentmgr.StatusAwaitingAuthorisation {
		t.Fatalf("after one approval the consent is %s", c.Status)
	}

	second := e.browser(desktop)
	e.open(second, "second login page", e.bankWeb+"/login", "#cpf")
	e.login(second, diego.CPF, "", diego.Password, `a[href^="/open-banking/approvals/"]`)
	e.mustSee(second, "Aprovações pendentes", carla.Business.Name)
	e.shot(second, "pending-approvals")
	e.click(second, "open approval", `a[href^="/open-banking/approvals/"]`, "#confirmar")
	e.mustSee(second, "Aprovação em dupla", "Iniciado por", carla.Name, "Prazo para a segunda aprovação")
	e.shot(second, "second-representative")
	e.click(second, "approve", "#confirmar", ".alert-ok")
	e.mustSee(second, "Aprovação registrada")
	e.shot(second, "approved")

	// The first representative's waiting page refreshes itself and follows the platform's Location.
	if loc := e.backAtTPP(first); !strings.Contains(loc, "code=") {
		t.Fatalf("the initiator is back at the TPP without a code: %s", loc)
	}
	c := e.consent(id)
	if c.Status != consentmgr.StatusAuthorised || c.PSU == nil || c.PSU.UserID != carla.UserID || len(c.AccountIDs) != 1 {
		t.Fatalf("consent after the second approval: %s %+v %v", c.Status, c.PSU, c.AccountIDs)
	}
}

func browseRevokeFromOpenBankingArea(e *env) {
	t := e.t
	ana := e.user("ana")
	ctx := context.Background()
	var ids []string
	for range 2 {
		id := e.lodge(consentmgr.TypeAccountAccess, dataConsent(ana.CPF, "", sharingPerms...))
		if _, err := e.plat.Consents.Patch(ctx, id, consents.Patch{PSU: &consentmgr.PSUIdentifiers{UserID: ana.UserID},
			AccountIDs: ana.AccountIDs[:1], Status: consentmgr.StatusAuthorised, By: "bank"}); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	b := e.browser(phone)
	e.open(b, "login page", e.bankWeb+"/login", "#cpf")
	e.login(b, ana.CPF, "", ana.Password, "#revogar-selecionados")
	e.mustSee(b, "Open Banking", "Ativas", "Fintech Exemplo", "Compartilhamento de dados")
	e.shot(b, "area")
	e.click(b, "details", chromedp.CSS(`a[href="/open-banking/consents/`+ids[0]+`"]`), "#revogar")
	e.mustSee(b, "Autorização para Fintech Exemplo", "Histórico", "Autorizado por você", "Origem dos dados")
	e.shot(b, "details")
	e.open(b, "back to the list", e.bankWeb+"/open-banking", "#revogar-selecionados")
	e.run(b, "select both", chromedp.Click(chromedp.CSS(`input[value="`+ids[0]+`"]`)), chromedp.Click(chromedp.CSS(`input[value="`+ids[1]+`"]`)))
	e.click(b, "revoke selected", "#revogar-selecionados", "#entendi")
	e.mustSee(b, "Revogar 2 autorizações", "Esta ação não pode ser desfeita")
	e.shot(b, "warning")
	e.run(b, "acknowledge", chromedp.Click(chromedp.ID("entendi")))
	e.click(b, "confirm revocation", "#confirmar-revogacao", ".receipt-no")
	e.mustSee(b, "Comprovante de revogação", "Protocolo", "REV-")
	e.shot(b, "receipt")
	for _, id := range ids {
		c := e.consent(id)
		if c.Status != consentmgr.StatusRevoked {
			t.Fatalf("%s is %s", id, c.Status)
		}
		last := c.History[len(c.History)-1]
		var rev map[string]string
		if err := json.Unmarshal(last.Supplementary["revocation"], &rev); err != nil || !strings.HasPrefix(rev["receipt"], "REV-") {
			t.Fatalf("history of %s lacks the receipt: %+v", id, last)
		}
	}
	e.open(b, "list after revocation", e.bankWeb+"/open-banking", "table.consents")
	e.mustSee(b, "Encerradas", "Revogado")
	e.shot(b, "area-after")
}
