// The portal's JSON endpoints, in the bank's envelope {code, msg, data, errors}.

export class ApiError extends Error {
  constructor(msg, errors = {}, status = 0) { super(msg); this.errors = errors; this.status = status; }
}

async function call(url, init = {}) {
  let res;
  try {
    res = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json", ...(init.headers || {}) }, ...init });
  } catch (e) {
    throw new ApiError("网络连接异常，请稍后重试");
  }
  let body;
  try {
    body = await res.json();
  } catch (e) {
    throw new ApiError("网络异常，未收到银行的应答。如已提交预约，请先到“预约查询”确认结果，切勿重复提交。", {}, -1);
  }
  if (body.code !== "0") throw new ApiError(body.msg || body.error || "系统繁忙，请稍后再试", body.errors || {}, res.status);
  return body;
}

export const api = {
  dicts: () => call("/api/dicts").then((b) => b.data),
  branches: (city) => call(`/api/branches?cityCd=${encodeURIComponent(city)}`).then((b) => b.data),
  calendar: (branch, month) => call(`/api/calendar?brchNo=${encodeURIComponent(branch)}&month=${month}`).then((b) => b.data),
  slots: (branch, day) => call(`/api/slots?brchNo=${encodeURIComponent(branch)}&apptDt=${day}`).then((b) => b.data),
  sendCode: (mobile) => call("/api/sms/send", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ mblNo: mobile }) }),
  submit: (formData) => call("/api/appointments", { method: "POST", body: formData }),
};
