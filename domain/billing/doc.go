// Package billing is the bill ID and payment ID (شناسه قبض / شناسه پرداخت) of the Iranian
// banks' coordinated bill-payment scheme, so a fee can be paid at any bank's ATM, mobile app or
// internet bank, and the payment reported back names exactly the bill it settles.
//
// The layout and check digits follow the banks' informatics commission's scheme (طرح هماهنگ
// پرداخت الکترونیکی قبوض) as summarised at https://arsin.ir/posts/bill-generator and
// implemented by github.com/Tannazii/IdValidation (BillService.cs):
//
//   - bill ID, 6–13 digits: file (subscriber) number of up to 8 digits, the 3-digit company
//     code the banks gave the issuer, the 1-digit service type, one check digit;
//   - payment ID, 6–13 digits: the amount in thousands of rials, the last digit of the year,
//     the 2-digit period, a check digit over the payment ID so far, and a check digit over the
//     bill ID followed by the payment ID so far.
//
// Each check digit is mod 11 with weights 2…7 repeating from the rightmost digit: a remainder
// of 0 or 1 gives 0, any other r gives 11 − r.
package billing
