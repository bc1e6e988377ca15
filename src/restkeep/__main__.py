from restkeep.cli import main

main()
