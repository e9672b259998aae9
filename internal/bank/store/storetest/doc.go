// Package storetest is the contract suite of core.Store: the behaviour every implementation must show,
// whatever holds the data. The reference SQLite and PostgreSQL stores (internal/bank/store) run it on
// both engines, and a bank that plugs ifconnect onto its core banking system by writing its own adapter
// runs it too, from an ordinary test:
//
//	func TestContract(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) core.Store { return newEmptyStoreForTest(t) })
//	}
//
// The suite covers every method: reads with their filters, pagination and edge cases (unknown ids
// skipped, ENOTFOUND and EINVALID codes), Import's validation and all-or-nothing rollback, the ledger
// check (clean after imports and payments, and noticing a corrupted balance when the store offers the
// Corrupter hook), and ExecutePayment's exactly-once and no-overdraft guarantees under concurrency.
// NewFixture builds a small valid bank other packages' tests may load too.
package storetest
