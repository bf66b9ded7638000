// <cb-input name label required check="id|mobile|name|uscc" maxlength suffix>: a text field.
import { CbField, CHECKS, esc, uid } from "./base.js";

const BAD = { id: "证件号码格式不正确", mobile: "手机号码格式不正确", name: "姓名格式不正确", uscc: "统一社会信用代码格式不正确，请核对后重新输入" };

export class CbInput extends CbField {
  draw() {
    const id = uid("in");
    const max = this.getAttribute("maxlength");
    const suffix = this.getAttribute("suffix");
    this.frame(
      `<label for="${id}">${esc(this.label)}</label>`,
      `<input id="${id}" data-ctl type="text" autocomplete="off" ${max ? `maxlength="${max}"` : ""}
         placeholder="${esc(this.getAttribute("placeholder") || `请输入${this.label}`)}"
         ${this.getAttribute("inputmode") ? `inputmode="${this.getAttribute("inputmode")}"` : ""}>${suffix ? `<span class="sfx">${esc(suffix)}</span>` : ""}`,
    );
    this.input = this.root.querySelector("input");
    this.input.value = this.value;
    this.input.addEventListener("input", () => {
      this._value = this.input.value;
      this.internals.setFormValue(this._value);
      if (this.hasAttribute("invalid")) this.setError("");
      this.emit("input");
    });
    this.input.addEventListener("change", () => this.emit("change"));
    this.input.addEventListener("blur", () => { if (this.value) this.validate(); });
  }

  sync() { if (this.input && this.input.value !== this.value) this.input.value = this.value; }

  check() {
    const base = super.check();
    if (base) return base;
    const kind = this.getAttribute("check");
    const v = this.value.trim();
    if (v && kind && !CHECKS[kind](v)) return (this.getAttribute("who") || "") + BAD[kind];
    return "";
  }
}
customElements.define("cb-input", CbInput);
