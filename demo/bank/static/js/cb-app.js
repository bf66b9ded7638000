// <cb-app>: the appointment form and its receipt, in one shadow root. A plain <form>
// gathers the form-associated components; the page posts it as multipart to /api/appointments.
import { api, ApiError } from "./api.js";
import { esc } from "./base.js";
import "./cb-input.js";
import "./cb-select.js";
import "./cb-branch-list.js";
import "./cb-calendar.js";
import "./cb-slots.js";
import "./cb-owners.js";
import "./cb-sms.js";

const sheet = new CSSStyleSheet();
sheet.replaceSync(`
  :host { display: block; }
  .steps { display: flex; margin: 0 0 18px; padding: 0; list-style: none; counter-reset: s; }
  .steps li { flex: 1; text-align: center; color: #8492a6; position: relative; padding-top: 34px; font-size: 13px; counter-increment: s; }
  .steps li::before { content: counter(s); position: absolute; top: 0; left: 50%; margin-left: -13px; width: 26px; height: 26px; line-height: 26px;
    border-radius: 50%; background: #dfe6ee; color: #fff; font-weight: bold; z-index: 1; }
  .steps li::after { content: ""; position: absolute; top: 12px; left: -50%; width: 100%; height: 2px; background: #dfe6ee; }
  .steps li:first-child::after { display: none; }
  .steps li.on { color: #0066b3; } .steps li.on::before, .steps li.on::after { background: #0066b3; }
  .notice { background: #f0f7fd; border: 1px solid #cfe3f5; border-radius: 4px; padding: 10px 16px; color: #33506e; font-size: 13px; line-height: 1.8; margin-bottom: 18px; }
  .notice b { color: #003f7f; }
  fieldset { border: 1px solid #e1e8f0; border-radius: 4px; margin: 0 0 18px; padding: 8px 20px 6px; background: #fff; }
  legend { font-size: 16px; font-weight: bold; color: #003f7f; padding: 0 8px; border-left: 4px solid #0066b3; line-height: 18px; margin-left: -8px; }
  .two { display: grid; grid-template-columns: 1fr 1fr; }
  .alert { background: #fdecec; border: 1px solid #f5b5b5; color: #c4161c; padding: 10px 14px; border-radius: 3px; margin-bottom: 16px; }
  .alert:empty { display: none; }
  .actions { text-align: center; padding: 10px 0 20px; }
  .submit { background: #0066b3; color: #fff; border: 0; height: 42px; width: 220px; font-size: 16px; border-radius: 3px; cursor: pointer; letter-spacing: 2px; }
  .submit:hover { background: #005499; } .submit:disabled { background: #8fb3d3; cursor: wait; }
  .done { text-align: center; padding: 10px 0 26px; }
  .done .ok { width: 64px; height: 64px; border-radius: 50%; background: #1f8a4c; color: #fff; font-size: 40px; line-height: 64px; margin: 10px auto; }
  .done h2 { color: #1f8a4c; margin: 8px 0 18px; font-size: 22px; }
  .done dl { display: grid; grid-template-columns: 160px 1fr; max-width: 560px; margin: 0 auto 20px; text-align: left; gap: 10px 0; font-size: 15px; }
  .done dt { color: #66768a; } .done dd { margin: 0; color: #1f2d3d; }
  .done #apptNo { color: #c4161c; font-weight: bold; font-size: 18px; letter-spacing: 1px; }
  .done .tips { max-width: 560px; margin: 0 auto 20px; text-align: left; color: #66768a; font-size: 13px; line-height: 1.8; }
  .btn { display: inline-block; height: 38px; line-height: 38px; padding: 0 26px; border-radius: 3px; text-decoration: none; margin: 0 6px; font-size: 15px; }
  .btn.primary { background: #0066b3; color: #fff; } .btn.plain { border: 1px solid #0066b3; color: #0066b3; }
`);

const FORM = `
<ol class="steps"><li class="on">填写预约信息</li><li>短信验证</li><li>预约成功</li><li>携带材料至网点办理</li></ol>
<div class="notice"><b>预约须知：</b>请如实填写企业及人员信息；预约日期可选明天起30天内的工作日，每月15日为网点盘点日暂停预约；
提交前需输入发送至<b>法定代表人手机</b>的短信验证码。请于预约时段携带营业执照、法定代表人及经办人身份证件原件到所选网点办理。</div>
<div class="alert" role="alert" id="alert"></div>
<form novalidate autocomplete="off">
  <fieldset><legend>企业信息</legend>
    <cb-input name="corpNm" label="企业名称" required maxlength="60"></cb-input>
    <cb-input name="uniSocCrCd" label="统一社会信用代码" required maxlength="18" check="uscc" hint="18位，请与营业执照一致"></cb-input>
    <cb-input name="regAddr" label="注册地址" required maxlength="100"></cb-input>
    <div class="two"><cb-select name="acctTp" label="账户类型" required></cb-select><cb-select name="ccyCd" label="币种" required></cb-select></div>
  </fieldset>
  <fieldset><legend>开户网点</legend>
    <cb-select name="cityCd" label="城市" required></cb-select>
    <cb-branch-list name="brchNo" label="网点" required></cb-branch-list>
  </fieldset>
  <fieldset><legend>预约信息</legend>
    <cb-calendar name="apptDt" label="预约日期" required></cb-calendar>
    <cb-slots name="apptTmSlot" label="预约时段" required></cb-slots>
  </fieldset>
  <fieldset><legend>法定代表人</legend>
    <cb-input name="lglRprNm" label="姓名" who="法定代表人" required maxlength="20" check="name" msg-required="请输入法定代表人姓名"></cb-input>
    <cb-input name="lglRprCrdtNo" label="证件号码" who="法定代表人" required maxlength="18" check="id" msg-required="请输入法定代表人证件号码" hint="居民身份证"></cb-input>
    <cb-input name="lglRprMblNo" label="手机号码" who="法定代表人" required maxlength="11" check="mobile" inputmode="numeric" msg-required="请输入法定代表人手机号码" hint="短信验证码将发送至此号码"></cb-input>
  </fieldset>
  <fieldset><legend>经办人</legend>
    <cb-input name="agntNm" label="姓名" who="经办人" required maxlength="20" check="name" msg-required="请输入经办人姓名"></cb-input>
    <cb-input name="agntCrdtNo" label="证件号码" who="经办人" required maxlength="18" check="id" msg-required="请输入经办人证件号码" hint="居民身份证"></cb-input>
    <cb-input name="agntMblNo" label="手机号码" who="经办人" required maxlength="11" check="mobile" inputmode="numeric" msg-required="请输入经办人手机号码"></cb-input>
  </fieldset>
  <fieldset><legend>受益所有人</legend><cb-owners name="bnfcOwn" label="受益所有人"></cb-owners></fieldset>
  <fieldset><legend>短信验证</legend>
    <cb-sms name="smsVrfCd" label="短信验证码" required hint="验证码发送至法定代表人手机，请向法定代表人获取"></cb-sms>
  </fieldset>
  <div class="actions"><button type="submit" class="submit">提交预约</button></div>
</form>`;

class CbApp extends HTMLElement {
  constructor() {
    super();
    this.root = this.attachShadow({ mode: "open" });
    this.root.adoptedStyleSheets = [sheet];
  }

  $(name) { return this.root.querySelector(`[name="${name}"]`); }

  async connectedCallback() {
    this.root.innerHTML = FORM;
    this.form = this.root.querySelector("form");
    this.alert = this.root.querySelector("#alert");
    try {
      const dicts = await api.dicts();
      for (const name of ["acctTp", "ccyCd", "cityCd"]) this.$(name).options = dicts[name];
    } catch (e) {
      this.alert.textContent = e.message;
    }
    this.$("cityCd").addEventListener("change", (e) => this.guard(async () => { await this.$("brchNo").load(e.detail.value); await this.$("apptDt").load(""); await this.$("apptTmSlot").load(); }));
    this.$("brchNo").addEventListener("change", (e) => this.guard(async () => { await this.$("apptDt").load(e.detail.value); await this.$("apptTmSlot").load(); }));
    this.$("apptDt").addEventListener("change", (e) => this.guard(() => this.$("apptTmSlot").load(this.$("brchNo").value, e.detail.value)));
    this.$("smsVrfCd").addEventListener("request-code", () => this.requestCode());
    this.form.addEventListener("submit", (e) => { e.preventDefault(); this.submit(); });
    this.setAttribute("ready", "");
  }

  async guard(job) {
    try { await job(); } catch (e) { this.alert.textContent = e.message; }
  }

  async requestCode() {
    const mobile = this.$("lglRprMblNo");
    const problem = mobile.validate();
    if (problem) { this.$("smsVrfCd").setError("请先正确填写法定代表人手机号码"); mobile.scrollIntoView({ block: "center" }); return; }
    try {
      const res = await api.sendCode(mobile.value.trim());
      this.$("smsVrfCd").sent(res.msg, res.data.interval);
    } catch (e) {
      this.$("smsVrfCd").setError(e.message);
    }
  }

  fields() { return [...this.form.querySelectorAll("[name]")]; }

  async submit() {
    this.alert.textContent = "";
    const problems = this.fields().map((f) => f.validate()).filter(Boolean);
    if (problems.length) {
      this.alert.textContent = `请完善预约信息：${problems[0]}${problems.length > 1 ? ` 等${problems.length}项` : ""}`;
      this.alert.scrollIntoView({ block: "start" });
      return;
    }
    const button = this.root.querySelector(".submit");
    button.disabled = true;
    button.textContent = "提交中…";
    try {
      const res = await api.submit(new FormData(this.form));
      this.showReceipt(res.data);
    } catch (e) {
      this.showErrors(e);
      button.disabled = false;
      button.textContent = "提交预约";
    }
  }

  showErrors(e) {
    const errors = e instanceof ApiError ? e.errors : {};
    this.alert.textContent = e.message;
    for (const [key, message] of Object.entries(errors)) {
      if (key.startsWith("bnfcOwn") && key.includes(".")) this.$("bnfcOwn").setCellError(key, message);
      else this.$(key)?.setError(message);
    }
    this.alert.scrollIntoView({ block: "start" });
  }

  showReceipt(d) {
    const row = (k, v, id = "") => `<dt>${k}</dt><dd${id ? ` id="${id}"` : ""}>${esc(v)}</dd>`;
    this.root.innerHTML = `
      <ol class="steps"><li class="on">填写预约信息</li><li class="on">短信验证</li><li class="on">预约成功</li><li>携带材料至网点办理</li></ol>
      <section class="done" aria-labelledby="done-title"><div class="ok" aria-hidden="true">✓</div><h2 id="done-title">预约成功</h2>
      <dl>${row("预约编号", d.apptNo, "apptNo")}${row("企业名称", d.corpNm)}${row("开户网点", d.brchNm)}${row("网点地址", d.brchAddr)}
        ${row("预约日期", d.apptDt)}${row("预约时段", d.apptTmSlot)}</dl>
      <div class="tips">请牢记预约编号，并于预约时段携带营业执照正本、法定代表人及经办人有效身份证件原件、公章、财务专用章及法定代表人名章到网点办理。
        如需变更，请通过“预约查询”取消后重新预约。</div>
      <a class="btn primary" href="${esc(d.receiptUrl)}">打印预约回执</a><a class="btn plain" href="/mine">预约查询</a><a class="btn plain" href="/">返回首页</a></section>`;
    window.scrollTo(0, 0);
  }
}
customElements.define("cb-app", CbApp);
