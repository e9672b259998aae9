package main

// runTPP is replaced by the real command when its issue lands.
var runTPP = pending("tpp", "The TPP client.")
