// Shapes of the merchant API's answers that the dashboard reads (docs/api-merchant.md).
export interface Me {
  user: { id: string; email: string; role: string } | null;
  role: string;
  merchant: { id: string; name: string; status: string; mode: string; connection: string; charges_enabled: boolean };
  csrf_token?: string;
}

export interface BookingRow {
  id: string;
  status: string;
  booking: { service: string; staff?: string; start: string; end: string; quantity?: number; customer?: Customer };
  customer?: Customer;
  amount: number;
  currency: string;
  payment_intent: string;
  paid_amount: number;
  refunded_amount: number;
  refund_pending: boolean;
  disputed: boolean;
  mode: string;
  total?: number;
}
export interface Customer {
  name?: string;
  email?: string;
  phone?: string;
}
