from ppgen.cli import main

main(prog_name="ppgen")
