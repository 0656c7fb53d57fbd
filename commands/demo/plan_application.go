package demo

import (
	"context"
	"fmt"
	"github.com/shafaf-city/shafaf/domain/jalali"
	"time"

	"github.com/google/uuid"

	"github.com/shafaf-city/shafaf/commands"
	"github.com/shafaf-city/shafaf/domain/cases"
	"github.com/shafaf-city/shafaf/domain/catalogue"
	"github.com/shafaf-city/shafaf/domain/fees"
)

// application plans an application from submission to its fate.
func (p *planner) application(f fate) []step {
	r := p.rng
	if r.Float64() < 0.7 {
		p.submit("online", p.citizen)
	} else {
		p.submit("walk_in", p.clerk)
	}
	if p.uses(catalogue.StepDocumentRequest) && (f == fateAwaitingDocs || r.Float64() < 0.25) {
		doc := p.svc.Documents[r.Intn(len(p.svc.Documents))]
		p.add("request documents", p.staffGap(), p.clerk, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return c.Run(ctx, id, cases.RequestDocuments{Requests: []cases.DocumentRequest{
				{Document: doc, Kind: "missing", Note: "تصویر خوانا بارگذاری شود"}}}, p.clerk, nil)
		})
		if f == fateAwaitingDocs {
			return p.steps
		}
		p.add("provide documents", days(r, 0.5, 12), p.citizen, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return c.Run(ctx, id, cases.ProvideDocuments{Documents: []string{doc}}, p.citizen, nil)
		})
	}
	p.add("accept intake", p.staffGap(), p.clerk, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
		return c.Run(ctx, id, cases.AcceptIntake{Note: "پرونده کامل است"}, p.clerk, nil)
	})
	p.add("assign", days(r, 0.05, 1), p.boss, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
		return c.Run(ctx, id, cases.Assign{Assignee: p.clerk.ID, Department: commands.CaseDepartment(p.district, "")}, p.boss, nil)
	})
	if f == fateWithdrawn {
		p.add("withdraw", days(r, 1, 8), p.citizen, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return c.Run(ctx, id, cases.Withdraw{Reason: "منصرف شدم"}, p.citizen, nil)
		})
		return p.steps
	}
	if f == fateStalled {
		p.note()
		return p.steps[:len(p.steps)-r.Intn(2)]
	}
	p.investigate()
	if f == fateRejected {
		p.decide(cases.OutcomeReject)
		return p.steps
	}
	if p.uses(catalogue.StepFeeAssessment) {
		p.assessFee()
	}
	if p.uses(catalogue.StepDecision) {
		p.decide(cases.OutcomeApprove)
	}
	if p.uses(catalogue.StepPayment) && !p.pay(f == fateAwaitingPayment) {
		return p.steps
	}
	p.issue()
	return p.steps
}

// investigate plans the inspection, review and commission the service asks for.
func (p *planner) investigate() {
	r := p.rng
	if r.Float64() < 0.06 {
		p.add("extend deadline", p.staffGap(), p.boss, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return c.Run(ctx, id, cases.ExtendDeadline{Days: 5, Reason: "نیاز به استعلام از ثبت"}, p.boss, nil)
		})
	}
	violation := p.uses(catalogue.StepCommissionReferral) && r.Float64() < 0.3
	if p.uses(catalogue.StepSiteInspection) {
		p.add("schedule inspection", p.staffGap(), p.clerk, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return c.Run(ctx, id, cases.ScheduleInspection{Inspector: p.inspector.ID, On: jalali.Instant{Time: p.clock.Now().Add(48 * time.Hour)}}, p.clerk, nil)
		})
		area := int64(8000 + r.Intn(60000))
		p.add("record inspection", p.inspectionGap(), p.inspector, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return c.Run(ctx, id, cases.RecordInspection{Findings: "بازدید انجام شد؛ وضع موجود با مدارک مطابقت دارد",
				MeasuredAreaDM2: area, ViolationFound: violation}, p.inspector, nil)
		})
	}
	if p.uses(catalogue.StepEngineeringReview) {
		p.add("record review", p.staffGap(), p.inspector, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return c.Run(ctx, id, cases.RecordReview{Summary: "نقشه‌ها با طرح تفصیلی منطبق است"}, p.inspector, nil)
		})
	}
	if violation {
		commission := cases.CommissionArticle100
		if p.svc.Key == "land.change_use" {
			commission = cases.CommissionArticle5
		}
		p.add("refer to commission", p.staffGap(), p.boss, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return c.Run(ctx, id, cases.ReferToCommission{Commission: commission, Reason: "مازاد بنا"}, p.boss, nil)
		})
		p.add("commission ruling", days(r, 5, 20), p.boss, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return c.Run(ctx, id, cases.RecordCommissionRuling{Outcome: cases.OutcomeApprove, Summary: "ابقا با پرداخت جریمه"}, p.boss, nil)
		})
	}
	p.note()
}

// note sometimes leaves an internal remark.
func (p *planner) note() {
	if p.rng.Float64() < 0.2 {
		p.add("note", days(p.rng, 0.1, 2), p.clerk, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return c.Run(ctx, id, cases.AddNote{Text: "با متقاضی تماس گرفته شد", Visibility: cases.NoteInternal}, p.clerk, nil)
		})
	}
}

func (p *planner) decide(o cases.Outcome) {
	reasons := []string{"منطبق با ضوابط طرح تفصیلی"}
	if o == cases.OutcomeReject {
		reasons = []string{"مغایرت کاربری با طرح تفصیلی", "عدم رعایت عقب‌نشینی"}
	}
	p.add("decide", p.staffGap(), p.boss, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
		return c.Run(ctx, id, cases.RecordDecision{Outcome: o, Reasons: reasons, LegalBasis: "ماده ۵۵ قانون شهرداری‌ها"}, p.boss, nil)
	})
}

// assessFee charges the case with inputs an inspector would measure on a typical plot.
func (p *planner) assessFee() {
	r := p.rng
	use := "residential"
	switch x := r.Float64(); {
	case p.svc.Key == "waste.commercial":
		use = []string{"commercial", "office", "industrial"}[r.Intn(3)]
	case x < 0.12:
		use = "commercial"
	case x < 0.2:
		use = "office"
	case x < 0.3:
		use = "residential_complex"
	}
	land := int64(150 + r.Intn(450))
	floors := 1 + r.Intn(5)
	in := fees.Inputs{Use: use, LandArea: fees.SquareMetres(land), RegionalPrice: int64(3+r.Intn(7)) * 1_000_000,
		ParkingRequired: floors, ParkingProvided: r.Intn(floors + 1)}
	in.TransactionValue = in.RegionalPrice * 4
	perFloor := land * int64(55+r.Intn(25)) / 100
	for range floors {
		in.FloorAreas = append(in.FloorAreas, fees.SquareMetres(perFloor))
	}
	in.RequestedArea = fees.SquareMetres(perFloor * int64(floors))
	if use != "residential" && use != "residential_complex" {
		in.CommercialArea = fees.SquareMetres(perFloor)
	}
	p.add("assess fee", p.staffGap(), p.clerk, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
		return c.Run(ctx, id, cases.AssessFee{Inputs: in}, p.clerk, nil)
	})
}

// pay plans the applicant's payments of whatever is owed then; partial stops after the first
// of two instalments. It reports whether the case is then paid up.
func (p *planner) pay(partial bool) bool {
	r := p.rng
	if r.Float64() < 0.04 && !partial {
		p.add("waive fee", p.staffGap(), p.boss, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return p.whenOwed(ctx, c, id, func(int64) (commands.Result, error) {
				return c.Run(ctx, id, cases.WaiveFee{Reason: "معافیت ایثارگران"}, p.boss, nil)
			})
		})
		return true
	}
	instalments := 1
	if partial || r.Float64() < 0.3 {
		instalments = 2
	}
	channel := cases.PaymentChannels[r.Intn(len(cases.PaymentChannels))]
	for i := 1; i <= instalments; i++ {
		ref := fmt.Sprintf("PAY-%010d", r.Int63n(1e10))
		p.add("pay", days(r, 0.2, 6), p.citizen, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return p.whenOwed(ctx, c, id, func(owed int64) (commands.Result, error) {
				rials := owed
				if i < instalments {
					rials = owed / 2
				}
				return c.Run(ctx, id, cases.RecordPayment{Rials: rials, Channel: channel, Reference: ref, Instalment: i}, p.citizen, nil)
			})
		})
		if partial {
			return false
		}
	}
	return true
}

// whenOwed runs pay with the amount owed, or writes nothing when the assessment came to zero.
func (p *planner) whenOwed(ctx context.Context, c *commands.Cases, id uuid.UUID, pay func(owed int64) (commands.Result, error)) (commands.Result, error) {
	s, _, err := c.Load(ctx, id)
	if err != nil || s.Money.Outstanding() <= 0 {
		return commands.Result{CaseID: id}, err
	}
	return pay(s.Money.Outstanding())
}

// issue hands out the document and plans what may happen to it afterwards.
func (p *planner) issue() {
	r := p.rng
	is := p.svc.Issues
	var zoning *cases.Zoning
	if is != nil && is.Content == catalogue.ContentZoning {
		zoning = p.zoning()
	}
	p.add("issue", p.staffGap(), p.clerk, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
		return c.Issue(ctx, id, zoning, p.clerk, nil)
	})
	switch x := r.Float64(); {
	case x < 0.04:
		p.add("revoke", days(r, 5, 60), p.boss, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return c.Run(ctx, id, cases.Revoke{Reason: "کشف مغایرت در مدارک مالکیت"}, p.boss, nil)
		})
	case is == nil || is.ValidityMonths == 0:
	case is.Renewable && x < 0.3:
		p.add("renew", days(r, 20, 90), p.citizen, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return c.Run(ctx, id, cases.Renew{}, p.citizen, nil)
		})
	default:
		// A Jalali month is at most 31 days: this is past the validity, whichever month it is.
		p.add("expire", time.Duration(is.ValidityMonths*31+2)*24*time.Hour, p.clerk, func(ctx context.Context, c *commands.Cases, id uuid.UUID) (commands.Result, error) {
			return c.Run(ctx, id, cases.Expire{}, p.clerk, nil)
		})
	}
}

// zoning is a land-use reply a plan of the city could state: a zone and one of its uses, with
// figures that agree (density within coverage × floors, a height that holds the floors).
func (p *planner) zoning() *cases.Zoning {
	r := p.rng
	zones := catalogue.Zones()
	zone := zones[r.Intn(len(zones))]
	floors := 2 + r.Intn(6)
	coverage := 50 + 5*r.Intn(7)
	return &cases.Zoning{Zone: zone.Code, PermittedUses: []string{zone.Uses[r.Intn(len(zone.Uses))]},
		DensityPercent: coverage * floors, CoveragePercent: coverage, MaxHeightM: float64(floors)*3.3 + 1,
		MaxFloors: floors, Setbacks: cases.Setbacks{FrontM: float64(r.Intn(5)), SideM: 0, RearM: 3},
		Remarks: "ضوابط طرح تفصیلی مصوب"}
}
