// 企业开办一表申请: the Element UI form's behaviour (options from window.OPTIONS, defined server-side).
(function () {
  "use strict";
  var OPTIONS = window.OPTIONS;

  function emptyForm() {
    return {
      qymc: "", qylx: "", sssq: "", zczb: undefined, yyqx: [], jyfw: "", jyfwtm: [], zsszd: [], xxdz: "",
      djjg: "", wtdljg: "",
      fddbr_xm: "", fddbr_zjlx: "", fddbr_zjhm: "", fddbr_xb: "", fddbr_csrq: "", fddbr_zw: "", fddbr_lxdh: "",
      jyfs: [], nsrlx: "", slfzjg: false, cyrs: 0, scsbyf: "", kjnd: "", yyblsj: "", yykssj: "", yyjssj: "",
      gd: [], tbsx: [], frsfzm: [],
    };
  }

  function labelOf(tree, id) {
    for (var i = 0; i < tree.length; i++) {
      if (tree[i].id === id) return tree[i].label;
      var found = labelOf(tree[i].children || [], id);
      if (found) return found;
    }
    return "";
  }

  function required(message, trigger, type) {
    var rule = { required: true, message: message, trigger: trigger || "change" };
    if (type) rule.type = type;
    return [rule];
  }

  new Vue({
    el: "#app",
    data: function () {
      return {
        opts: OPTIONS,
        form: emptyForm(),
        openPanels: ["fddbr"],
        activeTab: "gd",
        authorityOpen: false,
        agencyOptions: [],
        agencyLoading: false,
        files: [],
        busy: false,
        rules: {
          qymc: required("请输入企业名称", "blur"),
          qylx: required("请选择企业类型"),
          sssq: required("请选择所属社区"),
          zczb: required("请输入注册资本", "blur", "number"),
          yyqx: required("请选择营业期限", "change", "array"),
          zsszd: required("请选择住所所在地", "change", "array"),
          xxdz: required("请输入详细地址", "blur"),
          djjg: required("请选择登记机关"),
          fddbr_xm: required("请输入法定代表人姓名", "blur"),
          fddbr_zjlx: required("请选择证件类型"),
          fddbr_zjhm: required("请输入证件号码", "blur"),
          fddbr_xb: required("请选择性别"),
          fddbr_csrq: required("请选择出生日期"),
          fddbr_lxdh: [
            { required: true, message: "请输入联系电话", trigger: "blur" },
            { pattern: /^1[3-9]\d{9}$/, message: "请输入正确的11位手机号码", trigger: "blur" },
          ],
          gd: [{ type: "array", required: true, message: "请至少添加一名股东", trigger: "change" }],
        },
      };
    },
    computed: {
      authorityLabel: function () {
        return labelOf(this.opts.authorities, this.form.djjg);
      },
    },
    methods: {
      queryAddress: function (query, callback) {
        var q = (query || "").trim();
        callback(this.opts.addresses.filter(function (a) { return a.indexOf(q) >= 0; }).map(function (a) {
          return { value: a };
        }));
      },
      pickAuthority: function (data) {
        if (data.children && data.children.length) return; // a 局 with 分局: expands, is not chosen
        this.form.djjg = data.id;
        this.authorityOpen = false;
        this.$refs.form.validateField("djjg");
      },
      searchAgencies: function (query) {
        var vm = this;
        if (!query) { vm.agencyOptions = []; return; }
        vm.agencyLoading = true;
        fetch("/api/agencies?q=" + encodeURIComponent(query), { credentials: "same-origin" })
          .then(function (r) { return r.json(); })
          .then(function (res) { vm.agencyLoading = false; vm.agencyOptions = res.data || []; })
          .catch(function () { vm.agencyLoading = false; vm.agencyOptions = []; });
      },
      addShareholder: function () {
        this.form.gd.push({ gdmc: "", gdlx: "", zjhm: "", rjcze: undefined, czfs: "", czrq: "" });
      },
      syncFiles: function (fileList) {
        this.files = fileList;
        this.form.frsfzm = fileList.filter(function (f) { return f.status === "success"; }).map(function (f) {
          return { id: f.response ? f.response.data.id : f.id, name: f.name };
        });
      },
      uploaded: function (response, file, fileList) {
        if (response.code !== 0) this.$message.error(response.msg || "上传失败");
        this.syncFiles(fileList);
      },
      removed: function (file, fileList) { this.syncFiles(fileList); },
      uploadFailed: function () { this.$message.error("文件上传失败，请重试"); },
      reset: function () {
        this.form = emptyForm();
        this.files = [];
        this.$nextTick(function () { this.$refs.form.clearValidate(); });
      },
      submit: function () {
        var vm = this;
        vm.$refs.form.validate(function (valid) {
          if (!valid) { vm.$message.error("请检查并完善标红的必填项"); return; }
          vm.busy = true;
          fetch("/api/submit", {
            method: "POST",
            credentials: "same-origin",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify(vm.form),
          })
            .then(function (r) { return r.json(); })
            .then(function (res) {
              vm.busy = false;
              if (res.code === 0) window.location.href = "/receipt/" + res.data.receipt_no;
              else vm.$message.error(res.msg);
            })
            .catch(function () { vm.busy = false; vm.$message.error("网络异常，请稍后重试"); });
        });
      },
    },
  });
})();
