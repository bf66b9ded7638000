"""The single form (简表): form.yaml's spec, field types, Chinese identifiers, the application and its
validation, batches of applications, the reduction and the preview."""
