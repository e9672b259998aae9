package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"text/tabwriter"
	"time"

	"github.com/ifconnect/ifconnect/internal/audit"
	"github.com/ifconnect/ifconnect/internal/bank/core"
	"github.com/ifconnect/ifconnect/internal/bank/store"
	"github.com/ifconnect/ifconnect/internal/config"
)

const auditDoc = `Prints the audit trail: every state change of a consent (with the payments made under it), of a
payment, or of a customer's consents and payments — when, from which status to which, who made it,
from which address and under which interaction id — oldest first.

The bank's trail (payments it executed, consents its customers authorised, refused or revoked) is in
the bank database (--db, default STATE/bank.db); the platform's (every consent status change the
consent manager made, by whom) in the platform database (--platform, or --db postgres://…). For a
payment the bank's own payment history is merged in, so the settlement steps the worker made on its
own appear too (actor "settlement").`

// runAudit is `ifconnect audit`.
func runAudit(ctx context.Context, e env, args []string) error {
	fs := config.NewFlagSet("audit", "ifconnect audit (--consent ID | --payment ID | --psu USER) [--db URL | --platform] [--json]", auditDoc)
	openState := stateFlag(fs)
	configFlag(fs)
	dbURL := fs.String("db", "", "database holding the trail (default sqlite:STATE/bank.db)")
	platformSide := fs.Bool("platform", false, "read the platform's trail (default database sqlite:STATE/platform.db)")
	consent := fs.String("consent", "", "the consent's id (URN or the consent manager's id)")
	payment := fs.String("payment", "", "the payment's id")
	psu := fs.String("psu", "", "the customer's user id")
	asJSON := fs.Bool("json", false, "print JSON records instead of a table")
	if err := fs.Parse(args, e.getenv, e.stdout); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return config.Usagef("audit: unexpected argument %q", fs.Arg(0))
	}
	set := 0
	for _, v := range []string{*consent, *payment, *psu} {
		if v != "" {
			set++
		}
	}
	if set != 1 {
		return config.Usagef("audit: give exactly one of --consent, --payment or --psu")
	}
	db, url, err := openSideDB(ctx, openState, *dbURL, *platformSide)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	defer db.Close()
	if err := audit.Migrate(ctx, db); err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	events, err := audit.New(db, nil).Query(ctx, audit.Filter{Consent: *consent, Payment: *payment, PSU: *psu})
	if err != nil {
		return err
	}
	if *payment != "" && !*platformSide {
		events = mergePaymentHistory(ctx, url, *payment, events)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		for _, ev := range events {
			if err := enc.Encode(auditJSON(ev)); err != nil {
				return err
			}
		}
		return nil
	}
	if len(events) == 0 {
		fmt.Fprintln(e.stdout, "No audit records.")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "AT\tKIND\tSUBJECT\tFROM\tTO\tACTOR\tSOURCE\tINTERACTION\tPSU\tDETAIL")
	for _, ev := range events {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", ev.At.Format(time.RFC3339Nano), ev.Kind, ev.Subject, dash(ev.From), ev.To,
			dash(ev.Actor), dash(ev.Source), dash(ev.InteractionID), dash(ev.PSU), dash(ev.Detail))
	}
	return tw.Flush()
}

// mergePaymentHistory adds the steps of the bank's payment history the trail lacks (those the
// settlement worker made), in time order. A database without the bank's tables adds nothing.
func mergePaymentHistory(ctx context.Context, url, id string, events []audit.Event) []audit.Event {
	s, err := store.Open(ctx, url)
	if err != nil {
		return events
	}
	defer s.Close()
	p, err := s.Payment(ctx, id)
	if err != nil {
		return events
	}
	seen := map[string]bool{}
	for _, ev := range events {
		seen[ev.To] = true
	}
	from := ""
	for _, h := range p.History {
		if !seen[string(h.Status)] {
			events = append(events, audit.Event{At: h.At, Kind: audit.KindPayment, Subject: p.ID, ConsentID: p.Order.ConsentID,
				PSU: p.Order.UserID, From: from, To: string(h.Status), Actor: settlementActor(h.Status), Detail: h.Reason})
		}
		from = string(h.Status)
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].At.Before(events[j].At) })
	return events
}

func settlementActor(s core.PaymentStatus) string {
	if s == core.PaymentAcceptedSettlementCompleted || s == core.PaymentAcceptedCreditSettlementCompleted {
		return "settlement"
	}
	return "bank"
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// auditJSON is one record of `audit --json`.
func auditJSON(ev audit.Event) map[string]string {
	return map[string]string{"at": ev.At.Format(time.RFC3339Nano), "kind": string(ev.Kind), "subject": ev.Subject, "consentId": ev.ConsentID,
		"psu": ev.PSU, "from": ev.From, "to": ev.To, "actor": ev.Actor, "source": ev.Source, "interactionId": ev.InteractionID, "detail": ev.Detail}
}
