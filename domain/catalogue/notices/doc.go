// Package notices is the catalogue of what the city texts applicants: which case events send
// a message, its Persian template (English optional) and whether the law requires it. It is
// data beside the service catalogue, versioned like it (data/notices-VERSION.json), so wording
// a message is an edit of a file that Load validates, not of code.
//
// A template may use the fields of View: the case's reference, what happened and what the
// applicant does next in the words of the service catalogue and the lifecycle vocabulary (one
// home for those), the due date in Jalali with Persian digits, the requested documents by
// their catalogue titles, and the short link to the case's public page.
package notices
