// Package usage keeps what the Central Bank's semiannual report asks of the interfaces (theme V of
// Resolução Conjunta nº 1 art. 33, tecban/docs/9_Administracao-e-Relatorios.md): the number of calls
// per client and per type of data or service (API family), and their performance. Each replica
// aggregates the requests it serves per minute in memory (Recorder, fed by observe.Middleware) and
// writes one row per minute, operation and client to the shared database, so the report covers every
// replica and a year of traffic stays a few million rows. Report turns them into calls and errors
// per client and family, the 95th percentile of the time to first byte, and each endpoint's
// availability against the SLA (tecban/docs/7_Monitoria-e-Suporte.md: 95 % of every 24 h, 99.5 %
// per quarter, 95 % of requests answered within 1,000 ms), with the consents granted, revoked and
// expired in the period from the audit trail.
package usage
