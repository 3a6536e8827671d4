// The widget manager (@jupyter-widgets/html-manager 1.x) typesets labels with MathJax 2's
// MathJax.Hub.Queue(["Typeset", MathJax.Hub, element]). Route that to MathJax 3.
(function () {
  if (!window.MathJax || window.MathJax.Hub) {
    return;
  }
  window.MathJax.Hub = {
    Queue: function () {
      Array.prototype.forEach.call(arguments, function (job) {
        if (Array.isArray(job) && job[0] === "Typeset" && window.MathJax.typesetPromise) {
          window.MathJax.startup.promise.then(function () {
            return window.MathJax.typesetPromise(job[2] ? [job[2]] : undefined);
          });
        } else if (typeof job === "function") {
          job();
        }
      });
    },
  };
})();
