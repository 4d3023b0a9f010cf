"""Date formats that cannot be misread (settings.FORMAT_MODULE_PATH): Django's English short form, 12/07/2026
9:43 a.m., is 12 July to most of the world and 7 December to the US. Only the formats set here change; the
rest (numbers, other dates) stay Django's own for the language."""
