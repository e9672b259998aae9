package usage

import (
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/ifconnect/ifconnect/internal/database"
)

// The SLA of tecban/docs/7_Monitoria-e-Suporte.md.
const (
	// DailyAvailability is the share of every 24 h each endpoint must be available.
	DailyAvailability = 0.95
	// QuarterAvailability is the share of each quarter.
	QuarterAvailability = 0.995
	// FirstByteLimit is the time to first byte 95 % of requests must meet.
	FirstByteLimit = time.Second
	// FirstByteShare is that 95 %.
	FirstByteShare = 0.95
)

// Report is the usage of the interfaces over [From, To).
type Report struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	// Calls are the calls per client and API family (theme V: "segregadas por cliente e por tipo
	// de dado ou serviço compartilhado").
	Calls []CallRow `json:"calls"`
	// Endpoints are the performance indicators of each operation against the SLA.
	Endpoints []EndpointRow `json:"endpoints"`
	Consents  ConsentCounts `json:"consents"`
}

// CallRow counts one client's calls to one API family.
type CallRow struct {
	Server       string  `json:"server"`
	Client       string  `json:"client"`
	Family       string  `json:"family"`
	Calls        int64   `json:"calls"`
	ClientErrors int64   `json:"clientErrors"`
	ServerErrors int64   `json:"serverErrors"`
	P95Ms        float64 `json:"p95Ms"`
}

// EndpointRow is one operation's indicators. Availability is measured by requests: the share not
// answered with a 5xx, per UTC day and over the period.
type EndpointRow struct {
	Server       string  `json:"server"`
	Operation    string  `json:"operation"`
	Calls        int64   `json:"calls"`
	ServerErrors int64   `json:"serverErrors"`
	Availability float64 `json:"availability"`
	// WorstDay is the UTC day of lowest availability, WorstDayAvailability its figure, and
	// DaysBelowDaily how many days fell under DailyAvailability.
	WorstDay             string  `json:"worstDay"`
	WorstDayAvailability float64 `json:"worstDayAvailability"`
	DaysBelowDaily       int     `json:"daysBelowDaily"`
	P95Ms                float64 `json:"p95Ms"`
	// WithinFirstByteLimit is the share of requests answered within FirstByteLimit.
	WithinFirstByteLimit float64 `json:"withinFirstByteLimit"`
	// MeetsSLA: every day at or above DailyAvailability, the period at or above
	// QuarterAvailability, and FirstByteShare of requests within FirstByteLimit.
	MeetsSLA bool `json:"meetsSla"`
}

// ConsentCounts are the consents that became Authorised, were revoked, and ended by expiry in the
// period, from the audit trail (zero when the database keeps none).
type ConsentCounts struct {
	Granted int64 `json:"granted"`
	Revoked int64 `json:"revoked"`
	Expired int64 `json:"expired"`
}

// ExpiryActor is the audit actor of a change made by a consent's expiry.
const ExpiryActor = "consent-manager:expiry"

// Build reads the aggregates and the audit trail of [from, to) from db.
func Build(ctx context.Context, db *database.DB, from, to time.Time) (Report, error) {
	rep := Report{From: from.UTC(), To: to.UTC(), Calls: []CallRow{}, Endpoints: []EndpointRow{}}
	rows, err := db.QueryContext(ctx, `SELECT minute, server, operation, family, client, calls, client_errors, server_errors,
		latency_hist FROM usage_minutes WHERE minute >= $1 AND minute < $2`, from.Unix(), to.Unix())
	if err != nil {
		return rep, fmt.Errorf("usage: read: %w", err)
	}
	defer rows.Close()
	type callKey struct{ server, client, family string }
	type opKey struct{ server, operation string }
	calls := map[callKey]*agg{}
	ops := map[opKey]*agg{}
	days := map[opKey]map[string]*agg{}
	for rows.Next() {
		var minute int64
		var server, op, family, client, hist string
		a := &agg{}
		if err := rows.Scan(&minute, &server, &op, &family, &client, &a.calls, &a.clientErrors, &a.serverErrors, &hist); err != nil {
			return rep, fmt.Errorf("usage: read: %w", err)
		}
		if a.hist, err = decodeHist(hist); err != nil {
			return rep, err
		}
		ck, ok := callKey{server, client, family}, opKey{server, op}
		if calls[ck] == nil {
			calls[ck] = &agg{}
		}
		calls[ck].add(a)
		if ops[ok] == nil {
			ops[ok], days[ok] = &agg{}, map[string]*agg{}
		}
		ops[ok].add(a)
		day := time.Unix(minute, 0).UTC().Format(time.DateOnly)
		if days[ok][day] == nil {
			days[ok][day] = &agg{}
		}
		days[ok][day].add(a)
	}
	if err := rows.Err(); err != nil {
		return rep, fmt.Errorf("usage: read: %w", err)
	}
	for k, a := range calls {
		rep.Calls = append(rep.Calls, CallRow{Server: k.server, Client: k.client, Family: k.family, Calls: a.calls,
			ClientErrors: a.clientErrors, ServerErrors: a.serverErrors, P95Ms: percentile(a.hist, 0.95)})
	}
	sort.Slice(rep.Calls, func(i, j int) bool {
		a, b := rep.Calls[i], rep.Calls[j]
		if a.Server != b.Server {
			return a.Server < b.Server
		}
		if a.Client != b.Client {
			return a.Client < b.Client
		}
		return a.Family < b.Family
	})
	for k, a := range ops {
		row := EndpointRow{Server: k.server, Operation: k.operation, Calls: a.calls, ServerErrors: a.serverErrors,
			Availability: availability(a), P95Ms: percentile(a.hist, 0.95), WorstDayAvailability: 1}
		for day, d := range days[k] {
			av := availability(d)
			if av < row.WorstDayAvailability || (av == row.WorstDayAvailability && (row.WorstDay == "" || day < row.WorstDay)) {
				row.WorstDay, row.WorstDayAvailability = day, av
			}
			if av < DailyAvailability {
				row.DaysBelowDaily++
			}
		}
		var within int64
		for i, b := range Buckets {
			if time.Duration(b)*time.Millisecond <= FirstByteLimit {
				within += a.hist[i]
			}
		}
		if a.calls > 0 {
			row.WithinFirstByteLimit = float64(within) / float64(a.calls)
		}
		row.MeetsSLA = row.DaysBelowDaily == 0 && row.Availability >= QuarterAvailability && row.WithinFirstByteLimit >= FirstByteShare
		rep.Endpoints = append(rep.Endpoints, row)
	}
	sort.Slice(rep.Endpoints, func(i, j int) bool {
		a, b := rep.Endpoints[i], rep.Endpoints[j]
		if a.Server != b.Server {
			return a.Server < b.Server
		}
		return a.Operation < b.Operation
	})
	rep.Consents, err = consentCounts(ctx, db, from, to)
	return rep, err
}

// consentCounts counts the audit trail's consent changes in [from, to); a database without an audit
// trail counts none.
func consentCounts(ctx context.Context, db *database.DB, from, to time.Time) (ConsentCounts, error) {
	var c ConsentCounts
	var exists int
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_events'`
	if db.Dialect == database.Postgres {
		q = `SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'audit_events' AND table_schema = current_schema()`
	}
	if err := db.QueryRowContext(ctx, q).Scan(&exists); err != nil || exists == 0 {
		return c, err
	}
	err := db.QueryRowContext(ctx, `SELECT
		COALESCE(SUM(CASE WHEN to_status = 'Authorised' THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN to_status = 'Revoked' AND actor <> $3 THEN 1 ELSE 0 END), 0),
		COALESCE(SUM(CASE WHEN actor = $3 THEN 1 ELSE 0 END), 0)
		FROM audit_events WHERE kind = 'consent' AND from_status <> to_status AND at >= $1 AND at < $2`,
		from.UTC().UnixMicro(), to.UTC().UnixMicro(), ExpiryActor).Scan(&c.Granted, &c.Revoked, &c.Expired)
	if err != nil && err != sql.ErrNoRows {
		return c, fmt.Errorf("usage: consent counts: %w", err)
	}
	return c, nil
}

func availability(a *agg) float64 {
	if a.calls == 0 {
		return 1
	}
	return 1 - float64(a.serverErrors)/float64(a.calls)
}

// percentile estimates the q-quantile (ms) of a histogram by linear interpolation inside the bucket
// that holds it, as Prometheus's histogram_quantile does; the unbounded bucket answers its lower
// bound.
func percentile(h [13]int64, q float64) float64 {
	var total int64
	for _, n := range h {
		total += n
	}
	if total == 0 {
		return 0
	}
	rank := q * float64(total)
	var cum int64
	for i, n := range h {
		if n == 0 {
			continue
		}
		if float64(cum+n) >= rank {
			lo := 0.0
			if i > 0 {
				lo = float64(Buckets[i-1])
			}
			if i == len(Buckets) {
				return lo
			}
			hi := float64(Buckets[i])
			return math.Round((lo+(hi-lo)*(rank-float64(cum))/float64(n))*10) / 10
		}
		cum += n
	}
	return float64(Buckets[len(Buckets)-1])
}

// WriteJSON writes the report as indented JSON.
func (r Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteCSV writes the report as one CSV table whose first column names the section: "calls" rows
// (server, client, family, calls, client errors, server errors, p95 ms), "endpoint" rows (server,
// operation, calls, server errors, availability %, worst day, its availability %, days under 95 %,
// p95 ms, % within 1 s, meets SLA) and one "consents" row (granted, revoked, expired).
func (r Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	i := func(n int64) string { return strconv.FormatInt(n, 10) }
	f := func(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }
	pct := func(x float64) string { return strconv.FormatFloat(x*100, 'f', 3, 64) }
	cw.Write([]string{"section", "from", "to"})
	cw.Write([]string{"period", r.From.Format(time.RFC3339), r.To.Format(time.RFC3339)})
	cw.Write([]string{"section", "server", "client", "family", "calls", "client_errors", "server_errors", "p95_ms"})
	for _, c := range r.Calls {
		cw.Write([]string{"calls", c.Server, c.Client, c.Family, i(c.Calls), i(c.ClientErrors), i(c.ServerErrors), f(c.P95Ms)})
	}
	cw.Write([]string{"section", "server", "operation", "calls", "server_errors", "availability_pct", "worst_day",
		"worst_day_availability_pct", "days_below_95pct", "p95_ms", "within_1s_pct", "meets_sla"})
	for _, e := range r.Endpoints {
		cw.Write([]string{"endpoint", e.Server, e.Operation, i(e.Calls), i(e.ServerErrors), pct(e.Availability), e.WorstDay,
			pct(e.WorstDayAvailability), strconv.Itoa(e.DaysBelowDaily), f(e.P95Ms), pct(e.WithinFirstByteLimit), strconv.FormatBool(e.MeetsSLA)})
	}
	cw.Write([]string{"section", "granted", "revoked", "expired"})
	cw.Write([]string{"consents", i(r.Consents.Granted), i(r.Consents.Revoked), i(r.Consents.Expired)})
	cw.Flush()
	return cw.Error()
}
