package main

// runPKI is replaced by the real command when its issue lands.
var runPKI = pending("pki", "Development CA and certificates.")
