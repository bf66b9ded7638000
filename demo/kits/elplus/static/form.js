// 企业设立登记: the page's Vue app. Options come from the server (#page-options); the form's rules require the
// fields window.REQUIRED names; 下一步 checks the first step's, 提交 all of them, then posts the model as JSON.
(function () {
  "use strict";
  const { ElMessage } = ElementPlus;
  const options = JSON.parse(document.getElementById("page-options").textContent);
  const FIRST_STEP = ["qymc", "qylx", "zczb", "zs", "xxdz", "hyfl", "djjg", "jyfw", "xm", "gj", "zjlx", "zjhm", "csrq", "lxdh"];
  const CHOSEN = new Set(["qylx", "zs", "hyfl", "djjg", "jyfw", "zjlx", "kyrq", "yyqx", "khwd", "nslx", "cbxz"]);

  function rules() {
    const found = {};
    for (const [key, label] of Object.entries(window.REQUIRED)) {
      const verb = CHOSEN.has(key) ? "请选择" : "请输入";
      found[key] = [{ required: true, message: verb + label, trigger: CHOSEN.has(key) ? "change" : "blur" }];
    }
    found.lxdh = [{ pattern: /^1\d{10}$/, message: "请输入正确的11位手机号码", trigger: "blur" }];
    return found;
  }

  Vue.createApp({
    data() {
      return {
        options,
        step: 0,
        openPanels: ["jy"],
        tab: "sb",
        branches: [],
        branchLoading: false,
        files: [],
        submitting: false,
        rules: rules(),
        notBornYet: (day) => day.getTime() > Date.now(), // 出生日期: days after today are shown disabled
        form: {
          qymc: "", qylx: "", zczb: undefined, zs: [], xxdz: "", hyfl: "", djjg: "", jyfw: [],
          xm: "", gj: "", zjlx: "", zjhm: "", csrq: "", lxdh: "",
          kyrq: "", yyqx: [], lzsj: "", yykssj: "", jyfs: [], cyrs: 0, slfp: false,
          khyh: "", khwd: "", nslx: "", kjnd: "", sbyf: "",
          zssyzm: [], bz: "",
          cbxz: [], sbjbr: "",
          jcbl: "", jcr: undefined,
          gd: [],
        },
      };
    },
    methods: {
      suggestBanks(query, callback) {
        const q = (query || "").trim();
        callback(options.banks.filter((b) => !q || b.includes(q)).map((b) => ({ value: b })));
      },
      async searchBranches(query) {
        if (!query) { this.branches = []; return; }
        this.branchLoading = true;
        try {
          const answer = await fetch("/api/branches?kw=" + encodeURIComponent(query), { headers: { Accept: "application/json" } });
          this.branches = (await answer.json()).data || [];
        } finally {
          this.branchLoading = false;
        }
      },
      uploaded(response, file) {
        if (response && response.code === 0) {
          this.form.zssyzm = [{ id: response.data.id, name: response.data.name }];
        } else {
          ElMessage.error((response && response.msg) || "上传失败");
        }
      },
      removed() { this.form.zssyzm = []; },
      addHolder() { this.form.gd.push({ mc: "", zjlx: "", cze: undefined, czfs: "" }); },
      async next() {
        try {
          await this.$refs.formRef.validateField(FIRST_STEP);
        } catch (e) {
          ElMessage.error("请先完善本页的必填信息");
          return;
        }
        this.step = 1;
        window.scrollTo(0, 0);
      },
      async submit() {
        try {
          await this.$refs.formRef.validate();
        } catch (e) {
          ElMessage.error("请检查并完善标红的必填信息");
          return;
        }
        this.submitting = true;
        try {
          const answer = await fetch("/api/submit", {
            method: "POST",
            headers: { "Content-Type": "application/json", Accept: "application/json" },
            body: JSON.stringify(this.form),
          });
          const body = await answer.json().catch(() => ({}));
          if (answer.ok && body.code === 0) {
            window.location.href = "/receipt/" + encodeURIComponent(body.receiptNo);
          } else {
            ElMessage.error(body.msg || "提交失败（" + answer.status + "），请稍后重试");
          }
        } catch (e) {
          ElMessage.error("网络异常，提交失败，请稍后重试");
        } finally {
          this.submitting = false;
        }
      },
    },
  }).use(ElementPlus, { locale: ElementPlusLocaleZhCn }).mount("#app");
})();
