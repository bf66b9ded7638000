// The login page: account + password, posted as JSON; the portal answers where to go next.
(function () {
  const root = document.getElementById("app");
  const app = Vue.createApp({
    template: "#login-tpl",
    data() {
      return { zhCN: antd.locales.zh_CN, notice: root.dataset.notice, error: "", busy: false,
               form: { account: "", password: "" } };
    },
    methods: {
      async login() {
        this.busy = true;
        this.error = "";
        try {
          const answer = await fetch("/login", {
            method: "POST", headers: { "Content-Type": "application/json", "Accept": "application/json" },
            body: JSON.stringify(this.form),
          });
          const body = await answer.json();
          if (body.ok) { location.href = body.next; } else { this.error = body.message; }
        } catch (e) {
          this.error = "网络异常，请稍后重试";
        } finally {
          this.busy = false;
        }
      },
    },
  });
  app.use(antd).mount(root);
})();
