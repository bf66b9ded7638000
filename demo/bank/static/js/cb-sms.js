// <cb-sms name label required>: the SMS code field with its 获取验证码 button. The page
// sends the code to the 法定代表人's mobile; the button then counts down.
import { CbField, esc, uid } from "./base.js";

const sheet = new CSSStyleSheet();
sheet.replaceSync(`
  .line { display: flex; gap: 10px; max-width: 420px; }
  .line input { flex: 1; }
  .get { flex: none; width: 128px; height: 34px; border: 1px solid #0066b3; color: #0066b3; background: #fff; border-radius: 3px; }
  .get:disabled { color: #a0aab8; border-color: #c8d3e0; cursor: not-allowed; }
  .sent { color: #1f8a4c; font-size: 12px; margin-top: 4px; }
  .sent:empty { display: none; }
`);

export class CbSms extends CbField {
  static sheets() { return [sheet]; }

  draw() {
    const id = uid("sms");
    this.frame(
      `<label for="${id}">${esc(this.label)}</label>`,
      `<div class="line"><input id="${id}" data-ctl maxlength="6" inputmode="numeric" autocomplete="one-time-code" placeholder="请输入6位短信验证码">
       <button type="button" class="get">获取验证码</button></div><div class="sent" role="status"></div>`,
    );
    this.input = this.root.querySelector("input");
    this.button = this.root.querySelector(".get");
    this.input.addEventListener("input", () => { this._value = this.input.value; this.internals.setFormValue(this._value); this.setError(""); });
    this.button.addEventListener("click", () => this.emit("request-code"));
  }

  sync() { if (this.input && this.input.value !== this.value) this.input.value = this.value; }

  sent(message, seconds) {
    this.root.querySelector(".sent").textContent = message;
    this.setError("");
    this.countdown(seconds);
  }

  countdown(seconds) {
    clearInterval(this._timer);
    let left = seconds;
    const tick = () => {
      this.button.disabled = left > 0;
      this.button.textContent = left > 0 ? `${left}秒后重新获取` : "重新获取";
      left -= 1;
      if (left < 0) clearInterval(this._timer);
    };
    tick();
    this._timer = setInterval(tick, 1000);
  }

  check() {
    if (!this.value.trim()) return "请输入短信验证码";
    return /^\d{6}$/.test(this.value.trim()) ? "" : "短信验证码为6位数字";
  }
}
customElements.define("cb-sms", CbSms);
