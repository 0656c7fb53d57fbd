package access

// Service-group sets shared by several rows of the table.
var (
	applications = []Group{Permit, Certificate, Inquiry, Land, CityServices}
	reviewed     = []Group{Permit, Certificate, Inquiry, Land, Violation}
	commissioned = []Group{Permit, Certificate, Land, Violation}
	issuable     = []Group{Permit, Certificate}
	violations   = []Group{Violation}
)

// Action names one case command or query of the product; handlers ask the
// policy about an Action, never about a role directly. Each is declared here beside its row
// of the table, so a new action is one file's change.
type Action string

// Application-case commands.
const (
	Submit                 Action = "submit"
	AcceptIntake           Action = "accept_intake"
	ReturnForDocuments     Action = "return_for_documents"
	ProvideDocuments       Action = "provide_documents"
	Assign                 Action = "assign"
	ScheduleInspection     Action = "schedule_inspection"
	RecordInspection       Action = "record_inspection"
	RecordReview           Action = "record_review"
	AssessFee              Action = "assess_fee"
	RecordPayment          Action = "record_payment"
	PayOnline              Action = "pay_online" // the applicant pays the outstanding bill at the gateway
	WaiveFee               Action = "waive_fee"
	ReferToCommission      Action = "refer_to_commission"
	RecordCommissionRuling Action = "record_commission_ruling"
	Decide                 Action = "decide"
	Issue                  Action = "issue"
	Renew                  Action = "renew"
	Expire                 Action = "expire"
	Revoke                 Action = "revoke"
	Withdraw               Action = "withdraw"
	Cancel                 Action = "cancel"
	Reopen                 Action = "reopen"
	ExtendDeadline         Action = "extend_deadline"
	PlaceHold              Action = "place_hold"
	ReleaseHold            Action = "release_hold"
	AddNote                Action = "add_note"
	AddInternalNote        Action = "add_internal_note"
	UploadDocument         Action = "upload_document"
)

// Violation-case commands.
const (
	ReportViolation Action = "report_violation"
	// RecordPatrolFinding opens a violation case found on patrol with its inspection, or
	// records the inspection on the plot's open case, in one step.
	RecordPatrolFinding Action = "record_patrol_finding"
	ServeNotice         Action = "serve_notice"
	RecordRuling        Action = "record_ruling"
	FileAppeal          Action = "file_appeal"
	RecordAppealRuling  Action = "record_appeal_ruling"
	RecordEnforcement   Action = "record_enforcement"
	CloseCase           Action = "close_case"
)

// Queries and operator actions.
const (
	ViewCase             Action = "view_case"
	ListCases            Action = "list_cases"
	ViewHistory          Action = "view_history"
	ViewAsOf             Action = "view_as_of"
	ViewWorkQueue        Action = "view_work_queue"
	ViewActorActivity    Action = "view_actor_activity"
	ViewCatalogue        Action = "view_catalogue"
	ViewProjectionStatus Action = "view_projection_status"
	DownloadDocument     Action = "download_document"
	// ViewInternalNotes decides whether a case view includes staff-only notes.
	ViewInternalNotes Action = "view_internal_notes"
	// RebuildProjection lets an operator replay a read model from the log.
	RebuildProjection Action = "rebuild_projection"
	// ManageWebhooks subscribes other systems to case events and holds their signing secrets.
	ManageWebhooks Action = "manage_webhooks"
	// ExportHistory hands a case's full trail, personal facts included, to take to a court or
	// commission: its applicant (their own file), the department's supervisor and auditors.
	ExportHistory Action = "export_history"
)

// The office's queues: who carries which cases.
const (
	// ViewTeamLoad is a department's per-official load; its target names the department.
	ViewTeamLoad Action = "view_team_load"
	// Reassign moves many cases at once; each case is still asked Assign on its own.
	Reassign Action = "reassign"
	// Delegate records or revokes an official's delegation; the target is the delegator as
	// owner (an official delegates their own cases) in their department (their supervisor).
	Delegate Action = "delegate"
	// ViewDelegations lists delegations from or to the caller's department.
	ViewDelegations Action = "view_delegations"
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
	PayOnline:              {own(), no, no, no, no, no}, // staff take money at the counter, not with the applicant's card
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

	ReportViolation: {no, no, dept(violations...), dept(violations...), no, all()},
	// An inspector on patrol, or their supervisor, in the district of the plot.
	RecordPatrolFinding: {no, no, dept(violations...), dept(violations...), no, all()},
	ServeNotice:         {no, dept(violations...), dept(violations...), dept(violations...), no, all()},
	RecordRuling:        {no, no, no, dept(violations...), no, all()},
	FileAppeal:          {own(violations...), dept(violations...), no, no, no, all()},
	RecordAppealRuling:  {no, no, no, dept(violations...), no, all()},
	RecordEnforcement:   {no, no, dept(violations...), dept(violations...), no, all()},
	CloseCase:           {no, no, no, dept(violations...), no, all()},

	ViewCase:             {own(), dept(), dept(), dept(), all(), all()},
	ListCases:            {own(), dept(), dept(), dept(), all(), all()},
	ViewHistory:          {own(), dept(), dept(), dept(), all(), all()},
	ViewAsOf:             {no, dept(), dept(), dept(), all(), all()},
	ExportHistory:        {own(), no, no, dept(), all(), all()},
	ViewWorkQueue:        {no, dept(), dept(), dept(), all(), all()},
	ViewActorActivity:    {no, no, no, dept(), all(), all()},
	ViewCatalogue:        {all(), all(), all(), all(), all(), all()},
	ViewProjectionStatus: {no, no, no, no, all(), all()},
	DownloadDocument:     {own(), dept(), dept(), dept(), all(), all()},
	ViewInternalNotes:    {no, dept(), dept(), dept(), all(), all()},
	RebuildProjection:    {no, no, no, no, no, all()},
	ManageWebhooks:       {no, no, no, no, no, all()},

	ViewTeamLoad:    {no, no, no, dept(), all(), all()},
	Reassign:        {no, no, no, dept(), no, all()},
	Delegate:        {no, own(), own(), dept(), no, all()},
	ViewDelegations: {no, dept(), dept(), dept(), all(), all()},
}
