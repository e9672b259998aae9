// Package core is the bank's domain: customers and their representatives, accounts and balances,
// statement transactions, credit contracts, the UK-style standing data the Bank Connect AIS contract
// carries, payments and the double-entry ledger behind them. It is the contract between the bank's
// HTTP adapters (Bank Connect, the customer journey) and whatever holds the data: the reference
// SQLite/PostgreSQL stores in internal/bank/store, or a bank's own adapter to its core banking system,
// which implements the interfaces in store.go. It imports no HTTP, TLS or SQL package, carries no JSON
// tags, and takes the time from an injected clock.
package core
