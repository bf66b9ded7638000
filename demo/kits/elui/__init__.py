"""bed-elui: an Element UI (2.15, Vue 2.7) government form, the Element UI kit's test bed."""
