package access

import (
	"slices"
	"strconv"
)

// The city's departments, one list for the policy (a department grant reaches the cases of
// the actor's department) and for assignment (a case goes to no other department).
var (
	// Districts are the city's municipal districts (مناطق شهرداری), "1" to "22", as cases name
	// them; each is served by its department DistrictDepartment(d).
	Districts = func() []string {
		out := make([]string, 22)
		for i := range out {
			out[i] = strconv.Itoa(i + 1)
		}
		return out
	}()
	// CentralDepartments serve the whole city; a district hands them a case by assignment.
	CentralDepartments = []string{"urban-planning"}
	// Departments are every district's department and the central ones.
	Departments = func() []string {
		out := make([]string, 0, len(Districts)+len(CentralDepartments))
		for _, d := range Districts {
			out = append(out, DistrictDepartment(d))
		}
		return append(out, CentralDepartments...)
	}()
)

// DistrictDepartment is the department answerable for a district's cases until one is
// assigned elsewhere.
func DistrictDepartment(district string) string { return "district-" + district }

// IsDepartment reports whether d is one of Departments.
func IsDepartment(d string) bool { return slices.Contains(Departments, d) }

// Service-group sets shared by several rows of the table.
var (
	applications = []Group{Permit, Certificate, Inquiry, Land, CityServices}
	reviewed     = []Group{Permit, Certificate, Inquiry, Land, Violation}
	commissioned = []Group{Permit, Certificate, Land, Violation}
	issuable     = []Group{Permit, Certificate}
	violations   = []Group{Violation}
)

// row is one action's grants, one column per role in Roles order:
// applicant, clerk, inspector, supervisor, auditor, admin.
type row [6]Grant

// table is the whole access policy: every action of the product × every
// role. Changing a cell here is the only way to change who may do what.
var table = map[Action]row{
	Submit:                 {own(applications...), dept(applications...), no, no, no, all()},
	AcceptIntake:           {no, dept(applications...), no, dept(applications...), no, all()},
	ReturnForDocuments:     {no, dept(applications...), no, dept(applications...), no, all()},
	ProvideDocuments:       {own(applications...), dept(applications...), no, no, no, all()},
	Assign:                 {no, dept(), no, dept(), no, all()},
	ScheduleInspection:     {no, no, dept(), dept(), no, all()},
	RecordInspection:       {no, no, dept(), no, no, all()},
	RecordReview:           {no, no, dept(reviewed...), dept(reviewed...), no, all()},
	AssessFee:              {no, dept(), no, dept(), no, all()},
	RecordPayment:          {no, dept(), no, no, no, all()},
	WaiveFee:               {no, no, no, dept(), no, all()},
	ReferToCommission:      {no, no, no, dept(commissioned...), no, all()},
	RecordCommissionRuling: {no, no, no, dept(commissioned...), no, all()},
	Decide:                 {no, no, no, dept(applications...), no, all()},
	Issue:                  {no, dept(applications...), no, dept(applications...), no, all()},
	Renew:                  {no, no, no, dept(issuable...), no, all()},
	Expire:                 {no, no, no, dept(issuable...), no, all()},
	Revoke:                 {no, no, no, dept(issuable...), no, all()},
	Withdraw:               {own(applications...), dept(applications...), no, no, no, all()},
	Cancel:                 {no, no, no, dept(), no, all()},
	Reopen:                 {no, no, no, dept(), no, all()},
	ExtendDeadline:         {no, no, no, dept(), no, all()},
	PlaceHold:              {no, dept(), no, dept(), no, all()},
	ReleaseHold:            {no, dept(), no, dept(), no, all()},
	AddNote:                {own(), dept(), dept(), dept(), no, all()},
	AddInternalNote:        {no, dept(), dept(), dept(), no, all()},
	UploadDocument:         {own(), dept(), dept(), dept(), no, all()},

	ReportViolation:    {no, no, dept(violations...), dept(violations...), no, all()},
	ServeNotice:        {no, dept(violations...), dept(violations...), dept(violations...), no, all()},
	RecordRuling:       {no, no, no, dept(violations...), no, all()},
	FileAppeal:         {own(violations...), dept(violations...), no, no, no, all()},
	RecordAppealRuling: {no, no, no, dept(violations...), no, all()},
	RecordEnforcement:  {no, no, dept(violations...), dept(violations...), no, all()},
	CloseCase:          {no, no, no, dept(violations...), no, all()},

	ViewCase:             {own(), dept(), dept(), dept(), all(), all()},
	ListCases:            {own(), dept(), dept(), dept(), all(), all()},
	ViewHistory:          {own(), dept(), dept(), dept(), all(), all()},
	ViewAsOf:             {no, dept(), dept(), dept(), all(), all()},
	ViewWorkQueue:        {no, dept(), dept(), dept(), all(), all()},
	ViewActorActivity:    {no, no, no, dept(), all(), all()},
	ViewCatalogue:        {all(), all(), all(), all(), all(), all()},
	ViewProjectionStatus: {no, no, no, no, all(), all()},
	DownloadDocument:     {own(), dept(), dept(), dept(), all(), all()},
	ViewInternalNotes:    {no, dept(), dept(), dept(), all(), all()},
	RebuildProjection:    {no, no, no, no, no, all()},
}
