"""The portal's date and number formats (FORMAT_MODULE_PATH): British English with a 24-hour clock on
/en/ ("2 December 2026, 10:41"), and Turkish date inputs that accept "20.01.2027"."""
