package ident

import "sort"

// fields declares, once, the kind and maximum length of every input the API reads, by the
// name a client sends it under: a JSON member (the last part of its path), a query parameter
// or a header. The OpenAPI document publishes the same limits as maxLength; a test in httpapi
// fails when the two disagree.
var fields = map[string]Field{
	// identifiers, keys and enum values
	"service":          {Code, 64},
	"channel":          {Code, 32},
	"district":         {Code, 8},
	"national_id":      {Code, 16},
	"postal_code":      {Code, 16},
	"phone":            {Code, 32},
	"assignee":         {Code, 128},
	"department":       {Code, 64},
	"inspector":        {Code, 128},
	"document":         {Code, 64},
	"documents":        {Code, 64},
	"kind":             {Code, 32},
	"visibility":       {Code, 16},
	"outcome":          {Code, 16},
	"commission":       {Code, 32},
	"action":           {Code, 32},
	"schedule_version": {Code, 32},
	"use":              {Code, 32},
	"discount_codes":   {Code, 32},
	"reference":        {Code, 128},
	"zone":             {Code, 16}, // a zone of the detailed plan (catalogue.Zones)
	"permitted_uses":   {Code, 32},
	"bill_id":          {Code, 16}, // billing's 6–13 digits, with room for a barcode's padding
	"payment_id":       {Code, 16},
	"Authority":        {Code, 64}, // the gateway's callback (Zarinpal's spelling)
	"Status":           {Code, 8},
	"url":              {Code, 2048}, // a webhook subscription's endpoint
	"event_types":      {Code, 64},
	"services":         {Code, 64},
	"from":             {Code, 64},  // a webhook replay's event-log position; a bulk move's official; an activity range's start
	"to":               {Code, 128}, // an official: a reassignment's or delegation's receiver; an activity range's end
	"case_id":          {Code, 64},
	// query parameters and headers
	"status":          {Code, 512}, // several statuses separated by commas
	"waiting_on":      {Code, 16},
	"scope":           {Code, 16},
	"official":        {Code, 128},
	"in_force":        {Code, 8},
	"number":          {Code, 64},
	"plot":            {Code, 64}, // section:plot of the case list's filter
	"sort":            {Code, 16},
	"cursor":          {Code, 256},
	"overdue":         {Code, 8},
	"submitted_from":  {Code, 40},
	"submitted_to":    {Code, 40},
	"decided_from":    {Code, 40},
	"decided_to":      {Code, 40},
	"as_of":           {Code, 40},
	"format":          {Code, 8},
	"after":           {Code, 64},
	"version":         {Code, 32},
	"c":               {Code, 64}, // a certificate's verification code, on the public /verify page
	"last4":           {Code, 16}, // the last four digits of a national ID, on the public /track page
	"limit":           {Code, 10},
	"offset":          {Code, 10},
	"proof":           {Code, 8},
	"Idempotency-Key": {Code, 255},
	"If-Match":        {Code, 24},
	// names and addresses
	"name":        {Line, 200},
	"address":     {Line, 500},
	"location":    {Line, 500}, // where on the street a patrol found a violation
	"legal_basis": {Line, 500},
	// free text
	"description": {Text, 4000},
	"note":        {Text, 4000},
	"text":        {Text, 4000},
	"reason":      {Text, 2000},
	"reasons":     {Text, 2000},
	"summary":     {Text, 4000},
	"findings":    {Text, 8000},
	"statement":   {Text, 8000},
	"grounds":     {Text, 8000},
	"remarks":     {Text, 4000},
}

// otherInput is the rule for a name fields does not declare (a query parameter of the public
// pages, a field added without a declaration): strict, so forgetting to declare one fails safe.
var otherInput = Field{Code, 256}

// FieldNamed is the declared rule for the input called name; whether it is declared says ok.
func FieldNamed(name string) (f Field, ok bool) {
	f, ok = fields[name]
	if !ok {
		return otherInput, false
	}
	return f, true
}

// FieldNames lists the declared names in order, for tests that hold the OpenAPI document to them.
func FieldNames() []string {
	names := make([]string, 0, len(fields))
	for n := range fields {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
