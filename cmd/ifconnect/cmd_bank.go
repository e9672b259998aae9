package main

// runBank is replaced by the real command when its issue lands.
var runBank = pending("bank", "The bank's servers.")
