"""The edition and QA templates and the print stylesheet, carried in the wheel as publisher.templates."""
