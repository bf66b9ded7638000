"""Reading applicants' documents (证照智能录入) and the clerk's review sheet (辅助审核).

``engine`` turns a file into lines of text with their boxes (a PDF's text layer, else OCR);
``types`` loads the document types of ``mappings/documents/*.yaml``; ``reading`` finds a
document's type and its fields by the printed keywords around them and validates each value;
``prefill`` merges what was read into an application's values without overwriting;
``review`` runs a bundle's review rules; ``synthetic`` draws test documents.
"""
