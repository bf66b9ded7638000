// The 企业设立登记 form: option lists come from the portal (data-options), remote lists by AJAX, the
// filing is posted as JSON to /api/submit and its receipt (受理编号) shown in place.
(function () {
  const root = document.getElementById("app");
  const opt = JSON.parse(root.dataset.options);
  let shareholders = 0;
  const shareholder = () => ({
    key: ++shareholders, mc: "", zjlx: undefined, cze: null, czfs: undefined, rjqx: undefined,
  });
  const required = (message) => [{ required: true, message, trigger: ["change", "blur"] }];

  async function ask(url) {
    const answer = await fetch(url, { headers: { Accept: "application/json" } });
    return (await answer.json()).data;
  }

  const app = Vue.createApp({
    template: "#form-tpl",
    data() {
      return {
        zhCN: antd.locales.zh_CN,
        opt,
        panels: ["jy"],
        tab: "lxr",
        busy: false,
        receiptNo: "",
        banks: [],
        bankQuery: "",
        searchingBanks: false,
        addresses: [],
        files: [],
        form: {
          qymc: "", qylx: undefined, zczb: null, zs: [], hyfl: undefined, clrq: undefined, yyqx: [], jyfw: "",
          xkxm: [], djjg: undefined, swjg: undefined, tzrgj: undefined, khyh: undefined, jycs: "", hsfs: undefined,
          jyfs: undefined, bljx: [], dzzz: false, cyrs: 0,
          sbssq: undefined, kjnd: undefined, yysj: undefined, yykssj: undefined,
          lxrxm: "", lxdh: "", gxbm: [], gd: [shareholder()],
        },
        rules: {
          qymc: required("请输入企业名称"),
          qylx: required("请选择企业类型"),
          zs: [{ required: true, type: "array", message: "请选择住所", trigger: "change" }],
          clrq: required("请选择成立日期"),
        },
        columns: [
          { title: "股东名称", key: "mc", dataIndex: "mc" },
          { title: "证件类型", key: "zjlx", dataIndex: "zjlx", width: 180 },
          { title: "认缴出资额（万元）", key: "cze", dataIndex: "cze", width: 180 },
          { title: "出资方式", key: "czfs", dataIndex: "czfs", width: 140 },
          { title: "认缴出资期限", key: "rjqx", dataIndex: "rjqx", width: 160 },
          { title: "操作", key: "op", width: 80 },
        ],
      };
    },
    methods: {
      addShareholder() { this.form.gd.push(shareholder()); },
      // 成立日期 and 营业期限: days before 1949-10-01 are shown disabled (a kit must refuse them, not click on)
      beforeFounding(day) { return day.isBefore("1949-10-01", "day"); },
      async searchBanks(kw) {
        this.banks = [];
        this.bankQuery = kw;
        if (!kw) { this.searchingBanks = false; return; }
        this.searchingBanks = true;
        this.bankQuery = kw;
        const found = await ask("/api/banks?kw=" + encodeURIComponent(kw));
        if (this.bankQuery !== kw) return;  // a later keystroke asked again
        this.banks = found;
        this.searchingBanks = false;
      },
      async searchAddresses(kw) {
        const found = kw ? await ask("/api/addresses?kw=" + encodeURIComponent(kw)) : [];
        this.addresses = found.map((a) => ({ value: a }));
      },
      invalid() { antd.message.error("请检查表单中标红的必填项"); },
      async submit() {
        this.busy = true;
        const payload = JSON.parse(JSON.stringify(this.form));
        payload.gd = payload.gd.map(({ key, ...row }) => row);
        payload.sfzj = this.files.filter((f) => f.status === "done" && f.response).map((f) => f.response.id);
        try {
          const answer = await fetch("/api/submit", {
            method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" },
            body: JSON.stringify(payload),
          });
          const body = await answer.json();
          if (body.ok) { this.receiptNo = body.receipt_no; } else { antd.message.error(body.message); }
        } catch (e) {
          antd.message.error("网络异常，请稍后重试");
        } finally {
          this.busy = false;
        }
      },
    },
  });
  app.use(antd).mount(root);
})();
