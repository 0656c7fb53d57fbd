// Package access is the one access policy of Shafaf: which role may perform
// which case command or query, on which cases. It is pure data plus
// Authorize, so every handler asks the same table.
package access
