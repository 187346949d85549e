from ie.cli import app

app(prog_name="govie")
