package main

// runLedger is replaced by the real command when its issue lands.
var runLedger = pending("ledger", "The double-entry ledger.")
